package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-00/BenchmarkJava00076")
public class BenchmarkJava00076 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String host = request.getParameter("host");
        String bar = "127.0.0.1";
        if ((500 / 42) + 196 < 100) {
            bar = host;
        }
        Process p = Runtime.getRuntime().exec(new String[] {"/bin/sh", "-c", "ping -c 1 " + bar});
        p.getInputStream().transferTo(response.getOutputStream());
    }
}
