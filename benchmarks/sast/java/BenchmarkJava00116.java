package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Random;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-01/BenchmarkJava00116")
public class BenchmarkJava00116 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Random r = new SecureRandom();
        int code = r.nextInt(1000000);
        String otp = String.format("%06d", code);
        request.getSession().setAttribute("otp", otp);
        response.getWriter().println("code sent");
    }
}
