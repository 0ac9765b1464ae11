package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00079 {

    @PostMapping("/ssrf-00/BenchmarkJava00079")
    public String register(@RequestBody Map<String, String> hook) throws IOException {
        String callback = hook.get("callback");
        return ping(callback);
    }

    private String ping(String address) throws IOException {
        try (InputStream in = new URL(address).openStream()) {
            return new String(in.readAllBytes());
        }
    }
}
