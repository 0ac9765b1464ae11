package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00027 {

    private static final Map<String, String> TENANT_LOGOS = Map.of(
            "acme", "acme.png",
            "globex", "globex.png");

    @GetMapping("/pathtraver-00/BenchmarkJava00027")
    public byte[] logo(@RequestParam("tenant") String tenant) throws IOException {
        String file = TENANT_LOGOS.getOrDefault(tenant, "default.png");
        return Files.readAllBytes(Paths.get("/srv/logos", file));
    }
}
