package org.shiftleft.benchmark.testcode;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00011 {

    private final Map<String, String> resetTokens = new ConcurrentHashMap<>();

    @PostMapping("/weakrand-00/BenchmarkJava00011")
    public String reset(@RequestParam String email) {
        String token = UUID.randomUUID().toString();
        resetTokens.put(token, email);
        return "mail sent";
    }
}
