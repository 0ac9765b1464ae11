package org.shiftleft.benchmark.testcode;

import java.util.List;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00071 {

    @PersistenceContext
    private EntityManager entityManager;

    @GetMapping("/sqli-00/BenchmarkJava00071")
    public List<?> byCity(@RequestParam String city) {
        String jpql = "SELECT c FROM Customer c WHERE c.city = '" + city + "'";
        return entityManager.createQuery(jpql).getResultList();
    }
}
