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

@WebServlet(value = "/xpathi-00/BenchmarkJava00045")
public class BenchmarkJava00045 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private Document accounts;

    private boolean check(String u, String p) throws XPathExpressionException {
        StringBuilder q = new StringBuilder("//account[login/text()='");
        q.append(u).append("' and password/text()='").append(p).append("']");
        NodeList hits = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(q.toString(), accounts, XPathConstants.NODESET);
        return hits.getLength() > 0;
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String user = request.getParameter("user");
        String pass = request.getParameter("pass");
        try {
            boolean ok = check(user, pass);
            response.getWriter().println(ok ? "welcome" : "denied");
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
