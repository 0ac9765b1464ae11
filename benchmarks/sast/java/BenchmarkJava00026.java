package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/weakrand-00/BenchmarkJava00026")
public class BenchmarkJava00026 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private void sendSms(String user, String text) {
        getServletContext().log("sms to " + user);
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String user = request.getParameter("user");
        int code = (int) (Math.random() * 1000000);
        String otp = String.format("%06d", code);
        request.getSession().setAttribute("otp", otp);
        sendSms(user, otp);
        response.getWriter().println("code sent");
    }
}
