package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

@WebServlet(value = "/xpathi-00/BenchmarkJava00086")
public class BenchmarkJava00086 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private Document profileDoc;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String field = request.getParameter("field");
        String element;
        if ("email".equals(field)) {
            element = "email";
        } else if ("phone".equals(field)) {
            element = "phone";
        } else {
            element = "name";
        }
        try {
            String v = XPathFactory.newInstance().newXPath().evaluate("/profile/" + element, profileDoc);
            response.getWriter().println(v);
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
