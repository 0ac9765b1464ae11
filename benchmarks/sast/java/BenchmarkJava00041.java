package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-00/BenchmarkJava00041")
public class BenchmarkJava00041 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try {
            SecureRandom strong = SecureRandom.getInstanceStrong();
            byte[] nonce = new byte[32];
            strong.nextBytes(nonce);
            String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
            request.getSession().setAttribute("csrf", csrf);
            response.setHeader("X-CSRF-Token", csrf);
        } catch (NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
    }
}
