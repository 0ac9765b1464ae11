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

@WebServlet(value = "/ldapi-00/BenchmarkJava00008")
public class BenchmarkJava00008 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private DirContext ctx;

    private static NamingEnumeration<SearchResult> lookup(DirContext dir, String mail) throws NamingException {
        StringBuilder f = new StringBuilder("(mail=");
        f.append(mail).append(")");
        return dir.search("dc=example,dc=org", f.toString(), new SearchControls());
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String mail = request.getHeader("X-User-Mail");
        try {
            NamingEnumeration<SearchResult> r = lookup(ctx, mail);
            response.getWriter().println(r.hasMore() ? "known" : "unknown");
        } catch (NamingException e) {
            response.sendError(500);
        }
    }
}
