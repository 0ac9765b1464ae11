package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-00/BenchmarkJava00081")
public class BenchmarkJava00081 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String[] values = request.getParameterValues("target");
        String target = values != null && values.length > 0 ? values[0] : "localhost";
        String command = new StringBuilder("nslookup ").append(target).toString();
        Runtime.getRuntime().exec(new String[] {"cmd.exe", "/c", command});
        response.getWriter().println("lookup started");
    }
}
