package org.shiftleft.benchmark.testcode;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/pathtraver-01/BenchmarkJava00131")
public class BenchmarkJava00131 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String BASE_DIR = "/var/app/uploads";

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String name = request.getParameter("file");
        File f = new File(BASE_DIR, name);
        try (FileInputStream in = new FileInputStream(f)) {
            in.transferTo(response.getOutputStream());
        }
    }
}
