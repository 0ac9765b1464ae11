package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/trustbound-01/BenchmarkJava00136")
public class BenchmarkJava00136 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String lang = request.getParameter("lang");
        String discount = request.getParameter("discount");
        StringBuilder key = new StringBuilder("checkout.");
        key.append("discount");
        request.getSession().setAttribute(key.toString(), discount + "%");
        request.getSession().setAttribute("lang", "en");
        response.getWriter().println(lang == null ? "default" : "custom");
    }
}
