package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

@WebServlet(value = "/sqli-00/BenchmarkJava00042")
public class BenchmarkJava00042 extends HttpServlet {

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
        String id = request.getParameter("id");
        String sql = "SELECT name, email FROM users WHERE id = '" + id + "'";
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            ResultSet rs = stmt.executeQuery(sql);
            PrintWriter out = response.getWriter();
            while (rs.next()) {
                out.println(rs.getString("name"));
            }
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
