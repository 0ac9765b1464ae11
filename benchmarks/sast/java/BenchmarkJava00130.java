package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00130 {

    @GetMapping("/pathtraver-01/BenchmarkJava00130/{id}")
    public byte[] document(@PathVariable("id") String id) throws IOException {
        UUID docId = UUID.fromString(id);
        return Files.readAllBytes(Paths.get("/srv/documents", docId + ".json"));
    }
}
