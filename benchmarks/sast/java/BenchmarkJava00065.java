package org.shiftleft.benchmark.testcode;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00065 {

    private static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    @PostMapping("/crypto-00/BenchmarkJava00065")
    public String seal(@RequestBody String payload) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(3072);
        cipher.init(Cipher.ENCRYPT_MODE, kpg.generateKeyPair().getPublic());
        return Base64.getEncoder().encodeToString(cipher.doFinal(payload.getBytes()));
    }
}
