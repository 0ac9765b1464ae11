package org.shiftleft.benchmark.testcode;

import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00076 {

    @PostMapping("/trustbound-00/BenchmarkJava00076")
    public String selectTenant(@RequestParam("tenant") String tenant, HttpSession session) {
        session.setAttribute("tenantId", tenant);
        return "tenant selected";
    }
}
