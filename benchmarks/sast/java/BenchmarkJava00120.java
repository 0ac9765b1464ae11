package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

@WebServlet(value = "/xpathi-01/BenchmarkJava00120")
public class BenchmarkJava00120 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private Document usersDoc;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String name = request.getParameter("name");
        try {
            XPath xp = XPathFactory.newInstance().newXPath();
            String expr = "/users/user[@name='" + name + "']/role/text()";
            String role = xp.evaluate(expr, usersDoc);
            response.getWriter().println(role);
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
