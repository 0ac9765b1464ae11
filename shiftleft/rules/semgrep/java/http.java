// Test cases for http.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import javax.servlet.http.*;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseCookie;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.cors.CorsConfiguration;

public class HttpCases {
    void cookies(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        Cookie plain = new Cookie("SESSION", sessionId);
        plain.setPath("/");
        // ruleid: shiftleft.java.cookie-missing-secure, shiftleft.java.cookie-missing-httponly
        response.addCookie(plain);

        Cookie halfway = new Cookie("SESSION", sessionId);
        halfway.setHttpOnly(true);
        // ruleid: shiftleft.java.cookie-missing-secure
        response.addCookie(halfway);

        Cookie insecure = new Cookie("SESSION", sessionId);
        insecure.setSecure(false);
        insecure.setHttpOnly(true);
        // ruleid: shiftleft.java.cookie-missing-secure
        response.addCookie(insecure);

        Cookie good = new Cookie("SESSION", sessionId);
        good.setSecure(true);
        good.setHttpOnly(true);
        good.setPath("/");
        // ok: shiftleft.java.cookie-missing-secure, shiftleft.java.cookie-missing-httponly
        response.addCookie(good);

        Cookie xsrf = new Cookie("XSRF-TOKEN", sessionId);
        xsrf.setSecure(true);
        // ok: shiftleft.java.cookie-missing-httponly
        response.addCookie(xsrf);

        // ruleid: shiftleft.java.cookie-missing-secure, shiftleft.java.cookie-missing-httponly
        response.addCookie(new Cookie("lang", "en"));

        // ruleid: shiftleft.java.cookie-missing-secure
        ResponseCookie rc1 = ResponseCookie.from("SESSION", sessionId).httpOnly(true).path("/").build();
        // ruleid: shiftleft.java.cookie-missing-httponly
        ResponseCookie rc2 = ResponseCookie.from("SESSION", sessionId).secure(true).build();
        // ok: shiftleft.java.cookie-missing-secure, shiftleft.java.cookie-missing-httponly
        ResponseCookie rc3 = ResponseCookie.from("SESSION", sessionId).httpOnly(true).secure(true).sameSite("Lax").build();
    }

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        // ruleid: shiftleft.java.spring-csrf-disabled
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).csrf(AbstractHttpConfigurer::disable);
        // ruleid: shiftleft.java.spring-csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // ruleid: shiftleft.java.spring-csrf-disabled
        http.authorizeRequests().anyRequest().authenticated().and().csrf().disable();
        // ok: shiftleft.java.spring-csrf-disabled
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/stripe"));
        // ok: shiftleft.java.spring-csrf-disabled
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()));
        return http.build();
    }

    void cors(CorsRegistry registry, HttpServletRequest request, HttpServletResponse response) {
        // ruleid: shiftleft.java.cors-permissive
        registry.addMapping("/api/**").allowedOrigins("*");
        // ok: shiftleft.java.cors-permissive
        registry.addMapping("/api/**").allowedOrigins("https://app.example.com");
        CorsConfiguration cfg = new CorsConfiguration();
        // ruleid: shiftleft.java.cors-permissive
        cfg.addAllowedOrigin("*");
        // ruleid: shiftleft.java.cors-permissive
        cfg.setAllowedOrigins(List.of("*"));
        // ok: shiftleft.java.cors-permissive
        cfg.setAllowedOrigins(List.of("https://app.example.com", "https://admin.example.com"));
        // ruleid: shiftleft.java.cors-permissive
        response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin"));
        String origin = request.getHeader("Origin");
        // ruleid: shiftleft.java.cors-permissive
        response.addHeader("Access-Control-Allow-Origin", origin);
        if (ALLOWED_ORIGINS.contains(origin)) {
            // ok: shiftleft.java.cors-permissive
            response.setHeader("Access-Control-Allow-Origin", origin);
        }
        // ok: shiftleft.java.cors-permissive
        response.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
    }
}

@RestController
class PublicApi {
    // ruleid: shiftleft.java.cors-permissive
    @CrossOrigin
    @GetMapping("/public/status")
    public String status() { return "up"; }

    // ruleid: shiftleft.java.cors-permissive
    @CrossOrigin(origins = "*", maxAge = 3600)
    @GetMapping("/public/stats")
    public String stats() { return "{}"; }

    // ok: shiftleft.java.cors-permissive
    @CrossOrigin(origins = "https://app.example.com")
    @GetMapping("/partner")
    public String partner() { return "{}"; }
}
