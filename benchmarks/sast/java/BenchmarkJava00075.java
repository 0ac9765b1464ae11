package org.shiftleft.benchmark.testcode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00075 {

    @Autowired
    private JdbcTemplate jdbcTemplate;

    @GetMapping("/sqli-00/BenchmarkJava00075/{account}")
    public Integer balance(@PathVariable String account) {
        String q = String.format("SELECT balance FROM ledger WHERE account_no = '%s'", account);
        return jdbcTemplate.queryForObject(q, Integer.class);
    }
}
