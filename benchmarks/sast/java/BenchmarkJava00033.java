package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-00/BenchmarkJava00033")
public class BenchmarkJava00033 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String user = request.getParameter("user");
        Map<String, String> env = new HashMap<>();
        env.put("key", user);
        env.put("cmd", "uptime");
        String cmd = env.get("cmd");
        Process p = Runtime.getRuntime().exec(new String[] {"sh", "-c", cmd});
        p.getInputStream().transferTo(response.getOutputStream());
    }
}
