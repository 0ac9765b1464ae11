package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

@WebServlet(value = "/sqli-00/BenchmarkJava00015")
public class BenchmarkJava00015 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private DataSource dataSource;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Map<String, String> filters = new HashMap<>();
        filters.put("status", "open");
        filters.put("owner", request.getParameter("owner"));
        String owner = filters.get("owner");
        try (Connection conn = dataSource.getConnection()) {
            conn.createStatement().execute("UPDATE tickets SET seen = 1 WHERE owner = '" + owner + "'");
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
