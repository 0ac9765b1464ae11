package org.shiftleft.benchmark.testcode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00145 {

    private final Map<String, String> users = new ConcurrentHashMap<>();

    @PostMapping("/hash-01/BenchmarkJava00145")
    public String register(@RequestParam String user, @RequestParam String password) {
        String hashed = DigestUtils.md5Hex(password);
        users.put(user, hashed);
        return "registered";
    }
}
