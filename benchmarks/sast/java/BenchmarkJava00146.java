package org.shiftleft.benchmark.testcode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

@RestController
public class BenchmarkJava00146 {

    @GetMapping(value = "/xss-01/BenchmarkJava00146", produces = MediaType.TEXT_HTML_VALUE)
    public String greet(@RequestParam(value = "user", defaultValue = "guest") String user) {
        String safe = HtmlUtils.htmlEscape(user);
        return "<html><body><div>Welcome back " + safe + "</div></body></html>";
    }
}
