package org.shiftleft.benchmark.testcode;

import java.util.Set;
import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00119 {

    private static final Set<Integer> ALLOWED_TENANTS = Set.of(1, 2, 7);

    @PostMapping("/trustbound-01/BenchmarkJava00119")
    public String selectTenant(@RequestParam("tenant") String tenant, HttpSession session) {
        Integer tenantId = Integer.valueOf(Integer.parseInt(tenant));
        if (!ALLOWED_TENANTS.contains(tenantId)) {
            return "forbidden";
        }
        session.setAttribute("tenantId", tenantId);
        return "tenant selected";
    }
}
