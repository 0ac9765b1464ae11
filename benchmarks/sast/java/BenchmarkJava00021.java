package org.shiftleft.benchmark.testcode;

import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00021 {

    @PostMapping("/trustbound-00/BenchmarkJava00021")
    public String selectTenant(@RequestParam("tenant") String tenant, HttpSession session) {
        session.setAttribute("tenantId", tenant);
        return "tenant selected";
    }
}
