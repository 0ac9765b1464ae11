package org.shiftleft.benchmark.testcode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00090 {

    @GetMapping(value = "/xss-00/BenchmarkJava00090", produces = MediaType.TEXT_HTML_VALUE)
    public String greet(@RequestParam(value = "user", defaultValue = "guest") String user) {
        StringBuilder html = new StringBuilder();
        html.append("<html><body>");
        html.append("<div class=\"welcome\">Welcome back ").append(user).append("</div>");
        html.append("</body></html>");
        return html.toString();
    }
}
