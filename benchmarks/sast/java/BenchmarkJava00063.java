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

@WebServlet(value = "/codeinj-00/BenchmarkJava00063")
public class BenchmarkJava00063 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String formula = request.getParameter("formula");
        String script = formula;
        boolean trusted = false;
        if (!trusted) {
            script = "1 + 1";
        }
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        try {
            response.getWriter().println(engine.eval(script));
        } catch (ScriptException e) {
            response.sendError(400);
        }
    }
}
