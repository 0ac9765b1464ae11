package org.shiftleft.benchmark.testcode;

import java.io.File;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00148 {

    @DeleteMapping("/pathtraver-01/BenchmarkJava00148")
    public String remove(@RequestParam List<String> names) {
        int removed = 0;
        for (String n : names) {
            File f = new File(new File("/tmp/cache"), n);
            if (f.delete()) {
                removed++;
            }
        }
        return removed + " removed";
    }
}
