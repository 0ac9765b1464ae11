package org.shiftleft.benchmark.testcode;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

@RestController
public class BenchmarkJava00043 {

    private Document catalog;

    @GetMapping("/xpathi-00/BenchmarkJava00043")
    public String price(@RequestParam("sku") String sku) throws XPathExpressionException {
        int id = Integer.parseInt(sku);
        XPath xpath = XPathFactory.newInstance().newXPath();
        return xpath.evaluate("//product[sku=" + id + "]/price", catalog);
    }
}
