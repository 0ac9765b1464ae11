package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-01/BenchmarkJava00128")
public class BenchmarkJava00128 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private String runTool(String name) throws IOException {
        Process p = new ProcessBuilder(name, "--version").start();
        return new String(p.getInputStream().readAllBytes());
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String tool = request.getHeader("X-Tool");
        String output = runTool(tool);
        response.getWriter().write(output);
    }
}
