package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00038 {

    @PostMapping("/deserialization-00/BenchmarkJava00038")
    public String importJob(@RequestBody String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enableDefaultTyping();
        Object job = mapper.readValue(json, Object.class);
        return job.toString();
    }
}
