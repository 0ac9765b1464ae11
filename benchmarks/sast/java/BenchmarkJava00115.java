package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/crypto-01/BenchmarkJava00115")
public class BenchmarkJava00115 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private byte[] keyBytes;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String data = request.getParameter("data");
        String alg = "ChaCha20-Poly1305";
        if ((3 * 4) == 11) {
            alg = "DES/ECB/PKCS5Padding";
        }
        try {
            Cipher c = Cipher.getInstance(alg);
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "ChaCha20"), new IvParameterSpec(nonce));
            response.getWriter().println(c.doFinal(data.getBytes()).length);
        } catch (GeneralSecurityException e) {
            throw new ServletException(e);
        }
    }
}
