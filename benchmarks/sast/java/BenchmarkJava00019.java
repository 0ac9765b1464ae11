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

@WebServlet(value = "/xpathi-00/BenchmarkJava00019")
public class BenchmarkJava00019 extends HttpServlet {

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
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9 ]{0,40}")) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        try {
            XPath xp = XPathFactory.newInstance().newXPath();
            String role = xp.evaluate("/users/user[@name='" + name + "']/role/text()", usersDoc);
            response.getWriter().println(role);
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
