package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/cmdi-00/BenchmarkJava00040")
public class BenchmarkJava00040 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String choice = request.getParameter("report");
        String script;
        switch (choice == null ? "" : choice) {
            case "daily":
                script = "/opt/reports/daily.sh";
                break;
            case "weekly":
                script = "/opt/reports/weekly.sh";
                break;
            default:
                script = "/opt/reports/none.sh";
        }
        Process p = new ProcessBuilder("sh", "-c", script).start();
        response.getWriter().println("started " + p.pid());
    }
}
