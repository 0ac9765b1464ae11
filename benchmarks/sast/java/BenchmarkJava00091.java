package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/deserialization-00/BenchmarkJava00091")
public class BenchmarkJava00091 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String state = request.getParameter("state");
        byte[] raw = Base64.getDecoder().decode(state);
        try (ObjectInputStream in = new ObjectInputStream(getServletContext().getResourceAsStream("/WEB-INF/defaults.ser"))) {
            Object defaults = in.readObject();
            response.getWriter().println(defaults + " / " + raw.length);
        } catch (ClassNotFoundException e) {
            response.sendError(500);
        }
    }
}
