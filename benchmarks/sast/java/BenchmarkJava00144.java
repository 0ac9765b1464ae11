package org.shiftleft.benchmark.testcode;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
public class BenchmarkJava00144 {

    @GetMapping("/redirect-01/BenchmarkJava00144")
    public String afterLogin(@RequestParam(name = "returnUrl", required = false) String returnUrl) {
        String target = "/dashboard";
        if (returnUrl != null && returnUrl.matches("/[A-Za-z0-9_/-]*") && !returnUrl.startsWith("//")) {
            target = returnUrl;
        }
        return "redirect:" + target;
    }
}
