package org.shiftleft.benchmark.testcode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00118 {

    private final JdbcTemplate jdbcTemplate;

    public BenchmarkJava00118(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/sqli-01/BenchmarkJava00118/{account}")
    public Integer balance(@PathVariable String account) {
        return jdbcTemplate.queryForObject(
                "SELECT balance FROM ledger WHERE account_no = ?", Integer.class, account);
    }
}
