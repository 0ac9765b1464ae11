package org.shiftleft.benchmark.testcode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
public class BenchmarkJava00111 {

    private final RestTemplate restTemplate = new RestTemplate();

    @GetMapping("/ssrf-01/BenchmarkJava00111")
    public String preview(@RequestParam("link") String link) {
        return restTemplate.getForObject(link, String.class);
    }
}
