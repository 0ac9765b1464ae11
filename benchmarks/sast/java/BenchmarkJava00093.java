package org.shiftleft.benchmark.testcode;

import java.io.IOException;
import java.io.StringReader;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

@WebServlet(value = "/xxe-00/BenchmarkJava00093")
public class BenchmarkJava00093 extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static class CountingHandler extends DefaultHandler {
        int count;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            count++;
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
        String xml = request.getParameter("payload");
        try {
            SAXParserFactory spf = SAXParserFactory.newInstance();
            SAXParser parser = spf.newSAXParser();
            CountingHandler handler = new CountingHandler();
            parser.parse(new InputSource(new StringReader(xml)), handler);
            response.getWriter().println(handler.count + " elements");
        } catch (ParserConfigurationException | SAXException e) {
            response.sendError(400);
        }
    }
}
