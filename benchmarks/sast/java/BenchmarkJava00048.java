package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/redirect-00/BenchmarkJava00048")
public class BenchmarkJava00048 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> ALLOWED = Map.of(
            "orders", "/account/orders",
            "profile", "/account/profile");

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String next = request.getParameter("next");
        String dest = ALLOWED.getOrDefault(next, "/home");
        response.sendRedirect(dest);
    }
}
