package org.shiftleft.benchmark.testcode;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00056 {

    private static final boolean SECURE_COOKIES = false;
    private TokenService tokens;

    interface TokenService {
        String issue(String user);
    }

    @PostMapping("/securecookie-00/BenchmarkJava00056")
    public void login(@RequestParam String user, HttpServletResponse response) {
        String token = tokens.issue(user);
        Cookie cookie = new Cookie("auth", token);
        cookie.setSecure(SECURE_COOKIES);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }
}
