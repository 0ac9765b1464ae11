package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00110 {

    @GetMapping("/pathtraver-01/BenchmarkJava00110/{name}")
    public byte[] download(@PathVariable("name") String name) throws IOException {
        Path p = Paths.get("/srv/docs/" + name);
        return Files.readAllBytes(p);
    }
}
