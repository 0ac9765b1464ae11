package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-01/BenchmarkJava00159")
public class BenchmarkJava00159 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String host = request.getParameter("host");
        if (host == null || !HOST.matcher(host).matches()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Process p = new ProcessBuilder("nslookup", host).redirectErrorStream(true).start();
        p.getInputStream().transferTo(response.getOutputStream());
    }
}
