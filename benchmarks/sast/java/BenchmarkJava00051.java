package org.shiftleft.benchmark.testcode;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00051 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Random RNG = new Random(System.currentTimeMillis());
    private final Map<String, String> resetTokens = new ConcurrentHashMap<>();

    @PostMapping("/weakrand-00/BenchmarkJava00051")
    public String reset(@RequestParam String email) {
        String token = newToken();
        resetTokens.put(token, email);
        return "mail sent";
    }

    private String newToken() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(ALPHABET.charAt(RNG.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
