package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@WebServlet(value = "/xpathi-00/BenchmarkJava00036")
public class BenchmarkJava00036 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private Document directory;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Map<String, String> criteria = new HashMap<>();
        criteria.put("dept", request.getHeader("X-Dept"));
        String dept = criteria.get("dept");
        try {
            XPath xp = XPathFactory.newInstance().newXPath();
            NodeList staff = (NodeList) xp.evaluate("//employee[@dept=\"" + dept + "\"]", directory,
                    XPathConstants.NODESET);
            response.getWriter().println(staff.getLength());
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
