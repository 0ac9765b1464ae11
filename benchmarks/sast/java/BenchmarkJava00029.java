package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/trustbound-00/BenchmarkJava00029")
public class BenchmarkJava00029 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String theme = request.getParameter("theme");
        String chosen;
        switch (theme == null ? "" : theme) {
            case "dark":
                chosen = "dark";
                break;
            case "high-contrast":
                chosen = "high-contrast";
                break;
            default:
                chosen = "light";
        }
        request.getSession().setAttribute("theme", chosen);
        response.getWriter().println("theme " + chosen);
    }
}
