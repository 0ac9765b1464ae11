package org.shiftleft.benchmark.testcode;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00147 {

    private final LdapTemplate ldapTemplate;

    public BenchmarkJava00147(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/ldapi-01/BenchmarkJava00147")
    public List<String> find(@RequestParam("q") String q) {
        List<String> clauses = new ArrayList<>();
        for (String attr : new String[] {"cn", "mail", "uid"}) {
            clauses.add("(" + attr + "=" + q + "*)");
        }
        String filter = "(|" + String.join("", clauses) + ")";
        return ldapTemplate.search("ou=people", filter, (AttributesMapper<String>) a -> (String) a.get("uid").get());
    }
}
