// Test cases for secrets.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.*;
import java.sql.*;

public class SecretsCases {
    // ruleid: shiftleft.java.hardcoded-secret-variable
    private static final String DB_PASSWORD = "Tr0ub4dor&3x";
    // ruleid: shiftleft.java.hardcoded-secret-variable
    static final String STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    // ok: shiftleft.java.hardcoded-secret-variable
    private static final String PASSWORD_PARAM = "password";
    // ok: shiftleft.java.hardcoded-secret-variable
    private static final String PASSWORD = "j_password";
    // ok: shiftleft.java.hardcoded-secret-variable
    private static final String CLIENT_SECRET = "${oauth.client.secret}";
    // ok: shiftleft.java.hardcoded-secret-variable
    private static final String PASSWORD_FIELD = "s3cr3tValue99";
    // ok: shiftleft.java.hardcoded-secret-variable
    private String apiKey = System.getenv("API_KEY");

    Connection connect(String url, String user) throws Exception {
        // ruleid: shiftleft.java.hardcoded-password-argument
        Connection c = DriverManager.getConnection(url, user, "hunter2!");
        // ok: shiftleft.java.hardcoded-password-argument
        Connection c2 = DriverManager.getConnection(url, user, System.getenv("DB_PASSWORD"));
        // ok: shiftleft.java.hardcoded-password-argument
        Connection c3 = DriverManager.getConnection(url, user, "");
        return c;
    }

    void keystore(KeyStore ks, InputStream in, char[] pass) throws Exception {
        // ruleid: shiftleft.java.hardcoded-password-argument
        ks.load(in, "storepass123".toCharArray());
        // ok: shiftleft.java.hardcoded-password-argument
        ks.load(in, pass);
    }

    UserDetailsService users() {
        // ruleid: shiftleft.java.hardcoded-password-argument
        UserDetails admin = User.withUsername("admin").password("{noop}admin123").roles("ADMIN").build();
        // ok: shiftleft.java.hardcoded-password-argument
        UserDetails u2 = User.withUsername("svc").password(encoder.encode(System.getenv("SVC_PW"))).build();
        return new InMemoryUserDetailsManager(admin, u2);
    }

    String tokens(String subject, String token, Key signingKey) {
        // ruleid: shiftleft.java.hardcoded-jwt-secret
        Algorithm hmac = Algorithm.HMAC256("my-super-secret-signing-key");
        // ok: shiftleft.java.hardcoded-jwt-secret
        Algorithm hmac2 = Algorithm.HMAC256(secretFromVault());
        // ruleid: shiftleft.java.hardcoded-jwt-secret
        String jws = Jwts.builder().setSubject(subject).signWith(SignatureAlgorithm.HS256, "secretsecret").compact();
        // ok: shiftleft.java.hardcoded-jwt-secret
        String jws2 = Jwts.builder().setSubject(subject).signWith(signingKey).compact();

        // ruleid: shiftleft.java.jwt-none-algorithm
        String unsigned = JWT.create().withSubject(subject).sign(Algorithm.none());
        // ok: shiftleft.java.jwt-none-algorithm
        String signed = JWT.create().withSubject(subject).sign(Algorithm.HMAC256(secretFromVault()));

        // ruleid: shiftleft.java.jwt-parsed-without-signature-check
        Jwt<?, ?> any = Jwts.parser().setSigningKey(signingKey).parse(token);
        // ruleid: shiftleft.java.jwt-parsed-without-signature-check
        Jwt<Header, Claims> plain = Jwts.parserBuilder().build().parseClaimsJwt(token);
        // ok: shiftleft.java.jwt-parsed-without-signature-check
        Jws<Claims> claims = Jwts.parserBuilder().setSigningKey(signingKey).build().parseClaimsJws(token);
        // ok: shiftleft.java.jwt-parsed-without-signature-check
        Date d = dateFormat.parse(token);
        return claims.getBody().getSubject();
    }
}
