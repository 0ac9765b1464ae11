package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

@WebServlet(value = "/ssrf-01/BenchmarkJava00125")
public class BenchmarkJava00125 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String image = request.getParameter("img");
        String fetchUrl = String.format("%s/thumbnail?size=64", image);
        CloseableHttpClient client = HttpClients.createDefault();
        try (CloseableHttpResponse res = client.execute(new HttpGet(fetchUrl))) {
            res.getEntity().writeTo(response.getOutputStream());
        }
    }
}
