package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/hash-01/BenchmarkJava00138")
public class BenchmarkJava00138 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String apiKey = request.getHeader("X-Api-Key");
        List<String> algs = new ArrayList<>();
        algs.add("SHA-256");
        algs.add("MD2");
        try {
            MessageDigest md = MessageDigest.getInstance(algs.get(1));
            byte[] d = md.digest(apiKey.getBytes());
            response.getWriter().println(d.length);
        } catch (NoSuchAlgorithmException e) {
            throw new ServletException(e);
        }
    }
}
