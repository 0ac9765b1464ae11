package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

@WebServlet(value = "/trustbound-01/BenchmarkJava00100")
public class BenchmarkJava00100 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static void remember(HttpSession session, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            session.putValue(e.getKey(), e.getValue());
        }
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String header = request.getHeader("X-Authenticated-User");
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("user", header);
        remember(request.getSession(), ctx);
    }
}
