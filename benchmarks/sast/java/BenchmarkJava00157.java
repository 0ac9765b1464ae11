package org.shiftleft.benchmark.testcode;

import java.util.List;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@RestController
public class BenchmarkJava00157 {

    private Document chain;

    @GetMapping("/xpathi-01/BenchmarkJava00157/{city}")
    public int stores(@PathVariable String city) throws XPathExpressionException {
        List<String> steps = List.of("/chain", "region", "store[@city='" + city + "']");
        String expr = String.join("/", steps);
        NodeList hits = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, chain, XPathConstants.NODESET);
        return hits.getLength();
    }
}
