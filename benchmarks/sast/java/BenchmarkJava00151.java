package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/trustbound-01/BenchmarkJava00151")
public class BenchmarkJava00151 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Set<String> SUPPORTED = Set.of("en", "de", "fr", "ja");

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String lang = request.getParameter("lang");
        if (lang != null && SUPPORTED.contains(lang)) {
            request.getSession().setAttribute("locale", lang);
        }
        response.getWriter().println("ok");
    }
}
