package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Properties;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/hash-01/BenchmarkJava00134")
public class BenchmarkJava00134 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final Properties settings = new Properties();

    private String digest(String value) throws NoSuchAlgorithmException {
        String alg = settings.getProperty("hash.algorithm", "MD5");
        MessageDigest md = MessageDigest.getInstance(alg);
        return new java.math.BigInteger(1, md.digest(value.getBytes())).toString(16);
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String password = request.getParameter("password");
        try {
            response.getWriter().println(digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
    }
}
