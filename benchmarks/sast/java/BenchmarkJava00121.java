package org.shiftleft.benchmark.testcode;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;

@WebServlet(value = "/pathtraver-01/BenchmarkJava00121")
public class BenchmarkJava00121 extends HttpServlet {

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
        String safeName = FilenameUtils.getName(name);
        File f = new File("/var/app/uploads", safeName);
        try (FileInputStream in = new FileInputStream(f)) {
            in.transferTo(response.getOutputStream());
        }
    }
}
