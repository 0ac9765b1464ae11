// Test cases for crypto.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import java.security.*;
import java.security.spec.*;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.*;
import javax.crypto.spec.*;
import javax.servlet.http.*;
import org.apache.commons.codec.digest.DigestUtils;

public class CryptoCases {
    private static final String LEGACY = "DESede/CBC/PKCS5Padding";
    private final SecureRandom secureRandom = new SecureRandom();
    private final Random random = new Random();

    void ciphers(SecretKey key) throws Exception {
        // ruleid: shiftleft.java.weak-cipher-algorithm
        Cipher c1 = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ruleid: shiftleft.java.weak-cipher-algorithm
        Cipher c2 = Cipher.getInstance(LEGACY);
        // ruleid: shiftleft.java.weak-cipher-algorithm
        Cipher c3 = Cipher.getInstance("RC4");
        // ruleid: shiftleft.java.weak-cipher-algorithm
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBEWithMD5AndDES");
        // ok: shiftleft.java.weak-cipher-algorithm
        Cipher c4 = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: shiftleft.java.weak-cipher-algorithm
        Cipher c5 = Cipher.getInstance("ChaCha20-Poly1305");

        // ruleid: shiftleft.java.cipher-ecb-mode
        Cipher e1 = Cipher.getInstance("AES/ECB/PKCS5Padding");
        // ok: shiftleft.java.cipher-ecb-mode
        Cipher e2 = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ok: shiftleft.java.cipher-ecb-mode
        Cipher e3 = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");

        // ruleid: shiftleft.java.cipher-default-mode
        Cipher d1 = Cipher.getInstance("AES");
        // ok: shiftleft.java.cipher-default-mode
        Cipher d2 = Cipher.getInstance("AES/GCM/NoPadding", "BC");

        // ruleid: shiftleft.java.rsa-without-oaep
        Cipher r1 = Cipher.getInstance("RSA");
        // ruleid: shiftleft.java.rsa-without-oaep
        Cipher r2 = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        // ok: shiftleft.java.rsa-without-oaep
        Cipher r3 = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    }

    void keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: shiftleft.java.weak-asymmetric-key-size
        kpg.initialize(1024);
        KeyPairGenerator good = KeyPairGenerator.getInstance("RSA");
        // ok: shiftleft.java.weak-asymmetric-key-size
        good.initialize(3072);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        // ruleid: shiftleft.java.weak-asymmetric-key-size
        ec.initialize(new ECGenParameterSpec("secp160r1"));
        // ok: shiftleft.java.weak-asymmetric-key-size
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        // ok: shiftleft.java.weak-asymmetric-key-size
        aes.init(256);
    }

    byte[] encrypt(SecretKey key, byte[] msg) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ruleid: shiftleft.java.static-iv
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec("0123456789abcdef".getBytes()));
        byte[] zero = new byte[16];
        // ruleid: shiftleft.java.static-iv
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(zero));
        byte[] iv = new byte[12];
        secureRandom.nextBytes(iv);
        Cipher g = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: shiftleft.java.static-iv
        g.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return g.doFinal(msg);
    }

    byte[] decrypt(SecretKey key, byte[] blob) throws Exception {
        byte[] iv = new byte[12];
        System.arraycopy(blob, 0, iv, 0, 12);
        Cipher g = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: shiftleft.java.static-iv
        g.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return g.doFinal(blob, 12, blob.length - 12);
    }

    void hardcodedKeys(byte[] keyFromVault) throws Exception {
        // ruleid: shiftleft.java.hardcoded-crypto-key
        SecretKeySpec k1 = new SecretKeySpec("s3cr3t-k3y-12345".getBytes("UTF-8"), "AES");
        // ruleid: shiftleft.java.hardcoded-crypto-key
        SecretKeySpec k2 = new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES");
        // ok: shiftleft.java.hardcoded-crypto-key
        SecretKeySpec k3 = new SecretKeySpec(keyFromVault, "AES");
    }

    void hashes(byte[] data, String password) throws Exception {
        // ruleid: shiftleft.java.weak-hash-message-digest
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        // ruleid: shiftleft.java.weak-hash-message-digest
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        // ok: shiftleft.java.weak-hash-message-digest
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        // ruleid: shiftleft.java.weak-hash-library
        String h1 = DigestUtils.md5Hex(data);
        // ruleid: shiftleft.java.weak-hash-library
        HashCode h2 = Hashing.sha1().hashBytes(data);
        // ok: shiftleft.java.weak-hash-library
        String h3 = DigestUtils.sha256Hex(data);
        // ruleid: shiftleft.java.weak-signature-hash
        Signature s1 = Signature.getInstance("SHA1withRSA");
        // ok: shiftleft.java.weak-signature-hash
        Signature s2 = Signature.getInstance("SHA256withECDSA");
    }

    PasswordEncoder encoders(char[] pw, byte[] salt) {
        // ruleid: shiftleft.java.weak-password-hashing
        PasswordEncoder p1 = NoOpPasswordEncoder.getInstance();
        // ruleid: shiftleft.java.weak-password-hashing
        PasswordEncoder p2 = new MessageDigestPasswordEncoder("SHA-256");
        // ruleid: shiftleft.java.weak-password-hashing
        PBEKeySpec weak = new PBEKeySpec(pw, salt, 1000, 256);
        // ok: shiftleft.java.weak-password-hashing
        PBEKeySpec strong = new PBEKeySpec(pw, salt, 310000, 256);
        // ok: shiftleft.java.weak-password-hashing
        return new BCryptPasswordEncoder(12);
    }

    void tokens(HttpServletResponse response, HttpServletRequest request, User user) {
        // ruleid: shiftleft.java.insecure-random-secret
        String sessionToken = Long.toHexString(random.nextLong());
        // ruleid: shiftleft.java.insecure-random-secret
        response.addCookie(new Cookie("remember", sessionToken));
        // ruleid: shiftleft.java.insecure-random-secret
        String resetToken = Integer.toString(new Random().nextInt(1000000));
        // ruleid: shiftleft.java.insecure-random-secret
        user.setPassword(RandomStringUtils.randomAlphanumeric(12));
        // ruleid: shiftleft.java.insecure-random-secret
        request.getSession().setAttribute("otp", ThreadLocalRandom.current().nextInt(100000, 999999));
        byte[] keyBytes = new byte[16];
        random.nextBytes(keyBytes);
        // ruleid: shiftleft.java.insecure-random-secret
        SecretKeySpec k = new SecretKeySpec(keyBytes, "AES");

        byte[] good = new byte[32];
        secureRandom.nextBytes(good);
        // ok: shiftleft.java.insecure-random-secret
        String apiToken = Base64.getUrlEncoder().encodeToString(good);
        // ok: shiftleft.java.insecure-random-secret
        int jitterMillis = random.nextInt(500);
        // ok: shiftleft.java.insecure-random-secret
        Collections.shuffle(deck, random);
        // ok: shiftleft.java.insecure-random-secret
        response.addCookie(new Cookie("theme", "dark"));
    }

    String generateCsrfToken() {
        // ruleid: shiftleft.java.insecure-random-secret
        return String.valueOf(Math.random()).substring(2);
    }

    String pickColour() {
        // ok: shiftleft.java.insecure-random-secret
        return COLOURS[random.nextInt(COLOURS.length)];
    }

    void seeds() {
        SecureRandom sr = new SecureRandom();
        // ruleid: shiftleft.java.predictable-secure-random-seed
        sr.setSeed(System.currentTimeMillis());
        // ruleid: shiftleft.java.predictable-secure-random-seed
        SecureRandom fixed = new SecureRandom("seed".getBytes());
        // ok: shiftleft.java.predictable-secure-random-seed
        sr.setSeed(sr.generateSeed(32));
        // ok: shiftleft.java.predictable-secure-random-seed
        SecureRandom strong = SecureRandom.getInstanceStrong();
    }
}
