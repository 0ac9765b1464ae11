package org.shiftleft.benchmark.testcode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
public class BenchmarkJava00048 {

    private final RestTemplate restTemplate = new RestTemplate();

    @GetMapping("/ssrf-00/BenchmarkJava00048")
    public String preview(@RequestParam("link") String link) {
        return restTemplate.getForObject(link, String.class);
    }
}
