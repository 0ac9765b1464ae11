package org.shiftleft.benchmark.testcode;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00059 {

    private final JdbcTemplate jdbcTemplate;

    public BenchmarkJava00059(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/sqli-00/BenchmarkJava00059")
    public List<Map<String, Object>> search(@RequestParam("name") String name) {
        return jdbcTemplate.queryForList(buildQuery(name));
    }

    private String buildQuery(String value) {
        return "SELECT * FROM accounts WHERE owner = '" + value + "' ORDER BY created";
    }
}
