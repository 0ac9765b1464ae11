package org.shiftleft.benchmark.testcode;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00089 {

    private static final String TRANSFORMATION = "DESede/ECB/PKCS5Padding";

    @PostMapping("/crypto-00/BenchmarkJava00089")
    public String seal(@RequestBody String payload) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        SecretKey key = KeyGenerator.getInstance("DESede").generateKey();
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return Base64.getEncoder().encodeToString(cipher.doFinal(payload.getBytes()));
    }
}
