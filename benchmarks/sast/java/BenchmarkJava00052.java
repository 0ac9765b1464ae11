package org.shiftleft.benchmark.testcode;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
public class BenchmarkJava00052 {

    private static final Map<String, String> SERVICES = Map.of(
            "billing", "http://billing.internal:8080",
            "search", "http://search.internal:9200");
    private final RestTemplate restTemplate = new RestTemplate();

    @GetMapping("/ssrf-00/BenchmarkJava00052")
    public String status(@RequestParam("service") String service) {
        String base = SERVICES.get(service);
        if (base == null) {
            return "unknown service";
        }
        return restTemplate.getForObject(base + "/health", String.class);
    }
}
