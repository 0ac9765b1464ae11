package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-00/BenchmarkJava00070")
public class BenchmarkJava00070 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String dir = request.getParameter("dir");
        List<String> argList = new ArrayList<>();
        argList.add("sh");
        argList.add("-c");
        argList.add("ls -la " + dir);
        ProcessBuilder pb = new ProcessBuilder(argList);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getInputStream().transferTo(response.getOutputStream());
    }
}
