package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/redirect-00/BenchmarkJava00016")
public class BenchmarkJava00016 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static String extract(String query) {
        if (query == null) {
            return "/";
        }
        int i = query.indexOf("to=");
        return i < 0 ? "/" : URLDecoder.decode(query.substring(i + 3), StandardCharsets.UTF_8);
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String q = request.getQueryString();
        String dest = extract(q);
        response.sendRedirect(dest);
    }
}
