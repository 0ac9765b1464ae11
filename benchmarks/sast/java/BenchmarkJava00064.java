package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/redirect-00/BenchmarkJava00064")
public class BenchmarkJava00064 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String url = request.getParameter("url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            response.sendError(400);
            return;
        }
        if (!"https".equals(uri.getScheme()) || !"shop.example.com".equals(uri.getHost())) {
            response.sendError(400);
            return;
        }
        response.sendRedirect(uri.toString());
    }
}
