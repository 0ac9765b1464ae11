package org.shiftleft.benchmark.testcode;

import java.beans.XMLDecoder;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/deserialization-01/BenchmarkJava00108")
public class BenchmarkJava00108 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        XMLDecoder decoder = new XMLDecoder(request.getInputStream());
        Object bean = decoder.readObject();
        decoder.close();
        response.getWriter().println(bean);
    }
}
