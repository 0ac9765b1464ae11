package org.shiftleft.benchmark.testcode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00002 {

    @GetMapping("/securecookie-00/BenchmarkJava00002")
    public ResponseEntity<String> login(@RequestParam String user) {
        ResponseCookie cookie = ResponseCookie.from("session", user + ":" + System.nanoTime())
                .httpOnly(true)
                .secure(false)
                .path("/")
                .build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).body("ok");
    }
}
