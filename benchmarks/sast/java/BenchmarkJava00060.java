package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-00/BenchmarkJava00060")
public class BenchmarkJava00060 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Random r = new Random();
        float f = r.nextFloat();
        String apiKey = "key-" + Float.toString(f).substring(2);
        Map<String, String> keys = new HashMap<>();
        keys.put(request.getParameter("client"), apiKey);
        getServletContext().setAttribute("apiKeys", keys);
        response.getWriter().println(apiKey);
    }
}
