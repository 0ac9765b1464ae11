package org.shiftleft.benchmark.testcode;

import java.io.FileOutputStream;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/pathtraver-01/BenchmarkJava00129")
public class BenchmarkJava00129 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private String resolve(String name) {
        return System.getProperty("user.home") + "/reports/" + name + ".csv";
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String report = request.getParameter("report");
        String target = resolve(report);
        try (FileOutputStream out = new FileOutputStream(target)) {
            request.getInputStream().transferTo(out);
        }
        response.setStatus(201);
    }
}
