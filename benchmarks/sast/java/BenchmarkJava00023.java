package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/securecookie-00/BenchmarkJava00023")
public class BenchmarkJava00023 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static Cookie cartCookie(String value) {
        Cookie c = new Cookie("cart", value);
        c.setMaxAge(3600);
        c.setSecure(true);
        c.setHttpOnly(true);
        return c;
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String cart = request.getParameter("cart");
        response.addCookie(cartCookie(cart));
    }
}
