package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00152 {

    @PostMapping("/cmdi-01/BenchmarkJava00152")
    public String convert(@RequestParam("file") String file) throws IOException, InterruptedException {
        String[] cmd = {"bash", "-c", "convert " + file + " /tmp/out.png"};
        Process p = Runtime.getRuntime().exec(cmd);
        return "exit=" + p.waitFor();
    }
}
