package org.shiftleft.benchmark.testcode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/pathtraver-00/BenchmarkJava00035")
public class BenchmarkJava00035 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String name = request.getParameter("file");
        List<String> parts = new ArrayList<>();
        parts.add(name);
        parts.add("readme.txt");
        String chosen = parts.get(1);
        File f = new File("/usr/share/doc/app", chosen);
        Files.copy(f.toPath(), response.getOutputStream());
    }
}
