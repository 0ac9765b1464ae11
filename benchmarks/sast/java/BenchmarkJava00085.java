package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/codeinj-00/BenchmarkJava00085")
public class BenchmarkJava00085 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String op = request.getParameter("op");
        String expr;
        switch (op == null ? "" : op) {
            case "sum":
                expr = "a + b";
                break;
            case "product":
                expr = "a * b";
                break;
            default:
                expr = "0";
        }
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        try {
            engine.put("a", 3);
            engine.put("b", 4);
            response.getWriter().println(engine.eval(expr));
        } catch (ScriptException e) {
            response.sendError(400);
        }
    }
}
