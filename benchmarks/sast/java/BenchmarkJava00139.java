package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.ldap.support.LdapEncoder;

@WebServlet(value = "/ldapi-01/BenchmarkJava00139")
public class BenchmarkJava00139 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private DirContext ctx;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String mail = request.getParameter("mail");
        String filter = "(mail=" + LdapEncoder.filterEncode(mail) + ")";
        try {
            NamingEnumeration<SearchResult> r = ctx.search("dc=example,dc=org", filter, new SearchControls());
            response.getWriter().println(r.hasMore() ? "known" : "unknown");
        } catch (NamingException e) {
            response.sendError(500);
        }
    }
}
