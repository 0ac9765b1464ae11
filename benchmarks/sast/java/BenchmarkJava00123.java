package org.shiftleft.benchmark.testcode;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00123 {

    private final Map<String, String> resetTokens = new ConcurrentHashMap<>();

    @PostMapping("/weakrand-01/BenchmarkJava00123")
    public String reset(@RequestParam String email) {
        String token = UUID.randomUUID().toString();
        resetTokens.put(token, email);
        return "mail sent";
    }
}
