package org.shiftleft.benchmark.testcode;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00127 {

    private final SecureRandom random = new SecureRandom();

    @GetMapping("/weakrand-01/BenchmarkJava00127")
    public String token() {
        return nextToken();
    }

    private String nextToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().encodeToString(b);
    }
}
