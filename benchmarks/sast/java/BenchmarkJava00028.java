package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.dom4j.DocumentException;
import org.dom4j.io.SAXReader;

@WebServlet(value = "/xxe-00/BenchmarkJava00028")
public class BenchmarkJava00028 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try {
            SAXReader reader = new SAXReader();
            org.dom4j.Document doc = reader.read(request.getInputStream());
            response.getWriter().println(doc.getRootElement().getName());
        } catch (DocumentException e) {
            response.sendError(400);
        }
    }
}
