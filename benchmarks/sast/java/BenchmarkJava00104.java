package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/ssrf-01/BenchmarkJava00104")
public class BenchmarkJava00104 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Set<String> ALLOWED_HOSTS = Set.of("images.example.com", "cdn.example.com");

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String target = request.getParameter("url");
        URI uri = URI.create(target);
        if (!"https".equals(uri.getScheme()) || !ALLOWED_HOSTS.contains(uri.getHost())) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
        try {
            HttpResponse<byte[]> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
            response.getOutputStream().write(res.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
