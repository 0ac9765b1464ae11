package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00005 {

    @GetMapping("/cmdi-00/BenchmarkJava00005")
    public String ping(@RequestParam("count") String count) throws IOException {
        int n = Integer.parseInt(count);
        Process p = Runtime.getRuntime().exec("ping -c " + n + " 10.0.0.1");
        return new String(p.getInputStream().readAllBytes());
    }
}
