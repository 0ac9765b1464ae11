package org.shiftleft.benchmark.testcode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;

@RestController
public class BenchmarkJava00074 {

    @PostMapping("/deserialization-00/BenchmarkJava00074")
    public String load(@RequestBody String document) {
        Yaml yaml = new Yaml();
        Object config = yaml.load(document);
        return "loaded " + config;
    }
}
