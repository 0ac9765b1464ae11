package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/crypto-00/BenchmarkJava00030")
public class BenchmarkJava00030 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private byte[] aesKey;
    private final SecureRandom rng = new SecureRandom();

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        String[] parts = {"AES", "GCM", "NoPadding"};
        Cipher c = Cipher.getInstance(String.join("/", parts));
        byte[] iv = new byte[12];
        rng.nextBytes(iv);
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
        return c.doFinal(plain);
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String data = request.getParameter("data");
        try {
            byte[] enc = encrypt(data.getBytes(StandardCharsets.UTF_8));
            response.getWriter().println(Base64.getEncoder().encodeToString(enc));
        } catch (GeneralSecurityException e) {
            throw new ServletException(e);
        }
    }
}
