package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;

@WebServlet(value = "/codeinj-01/BenchmarkJava00150")
public class BenchmarkJava00150 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String rule = request.getParameter("rule");
        String script = new StringBuilder("def check(order) { return ")
                .append(rule)
                .append(" }; check(order)")
                .toString();
        Binding binding = new Binding();
        binding.setVariable("order", request.getParameter("order"));
        GroovyShell shell = new GroovyShell(binding);
        response.getWriter().println(shell.evaluate(script));
    }
}
