package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00084 {

    public static class JobRequest {
        public String name;
        public int priority;
    }

    @PostMapping("/deserialization-00/BenchmarkJava00084")
    public String importJob(@RequestBody String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JobRequest job = mapper.readValue(json, JobRequest.class);
        return job.name;
    }
}
