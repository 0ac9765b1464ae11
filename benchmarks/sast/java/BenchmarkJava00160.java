package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/crypto-01/BenchmarkJava00160")
public class BenchmarkJava00160 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private byte[] rawKey;

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        String alg = "RC4";
        Cipher rc4 = Cipher.getInstance(alg);
        rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(rawKey, alg));
        return rc4.doFinal(plain);
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String token = request.getParameter("token");
        try {
            byte[] out = encrypt(token.getBytes(StandardCharsets.UTF_8));
            response.getWriter().println(out.length);
        } catch (GeneralSecurityException e) {
            throw new ServletException(e);
        }
    }
}
