package org.shiftleft.benchmark.testcode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

@RestController
public class BenchmarkJava00049 {

    @PostMapping("/deserialization-00/BenchmarkJava00049")
    public String load(@RequestBody String document) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Object config = yaml.load(document);
        return "loaded " + config;
    }
}
