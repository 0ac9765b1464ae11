package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@WebServlet(value = "/xpathi-01/BenchmarkJava00158")
public class BenchmarkJava00158 extends HttpServlet {

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
        String dept = request.getParameter("dept");
        String expr;
        if ("a".equals("b")) {
            expr = "//employee[@dept='" + dept + "']";
        } else {
            expr = "//employee[@dept='sales']";
        }
        try {
            NodeList staff = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(expr, directory, XPathConstants.NODESET);
            response.getWriter().println(staff.getLength());
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
