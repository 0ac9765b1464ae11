package org.shiftleft.benchmark.testcode;

import java.util.List;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00062 {

    private final LdapTemplate ldapTemplate;

    public BenchmarkJava00062(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/ldapi-00/BenchmarkJava00062")
    public List<String> members(@RequestParam String group) {
        String filter = String.format("(&(objectClass=groupOfNames)(cn=%s))", group);
        return ldapTemplate.search("ou=groups", filter,
                (AttributesMapper<String>) attrs -> (String) attrs.get("cn").get());
    }
}
