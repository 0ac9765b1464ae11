package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/hash-01/BenchmarkJava00153")
public class BenchmarkJava00153 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String token = request.getParameter("token");
        String alg = "SHA3-256";
        if (token != null && token.isEmpty() && 1 > 2) {
            alg = "MD5";
        }
        try {
            MessageDigest md = MessageDigest.getInstance(alg);
            response.getWriter().println(Base64.getEncoder().encodeToString(md.digest(token.getBytes())));
        } catch (NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
    }
}
