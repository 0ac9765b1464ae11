package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.Random;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-01/BenchmarkJava00102")
public class BenchmarkJava00102 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        long value = new Random().nextLong();
        String sessionToken = Long.toHexString(value);
        Cookie c = new Cookie("remember", sessionToken);
        c.setSecure(true);
        c.setHttpOnly(true);
        response.addCookie(c);
    }
}
