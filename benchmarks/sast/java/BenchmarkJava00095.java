package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet(value = "/deserialization-00/BenchmarkJava00095")
public class BenchmarkJava00095 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final class AllowListObjectInputStream extends ObjectInputStream {
        private static final Set<String> ALLOWED = Set.of("java.util.HashMap", "java.lang.String", "java.lang.Boolean");

        AllowListObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (!ALLOWED.contains(desc.getName())) {
                throw new InvalidClassException("not allowed", desc.getName());
            }
            return super.resolveClass(desc);
        }
    }

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doPost(request, response);
    }

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try (ObjectInputStream ois = new AllowListObjectInputStream(request.getInputStream())) {
            Object prefs = ois.readObject();
            response.getWriter().println(prefs);
        } catch (ClassNotFoundException | InvalidClassException e) {
            response.sendError(400);
        }
    }
}
