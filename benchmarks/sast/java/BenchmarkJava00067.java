package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-00/BenchmarkJava00067")
public class BenchmarkJava00067 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String sessionToken = HexFormat.of().formatHex(bytes);
        Cookie c = new Cookie("remember", sessionToken);
        c.setSecure(true);
        c.setHttpOnly(true);
        response.addCookie(c);
    }
}
