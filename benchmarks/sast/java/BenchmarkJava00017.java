package org.shiftleft.benchmark.testcode;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
public class BenchmarkJava00017 {

    @GetMapping("/redirect-00/BenchmarkJava00017")
    public String afterLogin(@RequestParam(name = "returnUrl", required = false) String returnUrl) {
        return "redirect:" + returnUrl;
    }
}
