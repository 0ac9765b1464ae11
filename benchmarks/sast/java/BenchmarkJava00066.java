package org.shiftleft.benchmark.testcode;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

@RestController
public class BenchmarkJava00066 {

    private Document catalog;

    @GetMapping("/xpathi-00/BenchmarkJava00066")
    public String price(@RequestParam("sku") String sku) throws XPathExpressionException {
        XPath xpath = XPathFactory.newInstance().newXPath();
        XPathExpression compiled = xpath.compile(String.format("//product[sku='%s']/price", sku));
        return (String) compiled.evaluate(catalog, XPathConstants.STRING);
    }
}
