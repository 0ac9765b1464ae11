package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Properties;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/crypto-00/BenchmarkJava00055")
public class BenchmarkJava00055 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final Properties settings = new Properties();
    private byte[] keyBytes;

    private byte[] seal(byte[] plain) throws GeneralSecurityException {
        String transformation = settings.getProperty("cipher.transformation", "AES/GCM/NoPadding");
        if (!transformation.startsWith("AES/GCM/")) {
            transformation = "AES/GCM/NoPadding";
        }
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance(transformation);
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, iv));
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
            response.getWriter().println(seal(data.getBytes(StandardCharsets.UTF_8)).length);
        } catch (GeneralSecurityException e) {
            throw new ServletException(e);
        }
    }
}
