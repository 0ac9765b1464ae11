// Test cases for xml.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import javax.xml.XMLConstants;
import javax.xml.parsers.*;
import javax.xml.stream.*;
import javax.xml.transform.*;
import javax.xml.validation.*;
import org.dom4j.io.SAXReader;
import org.xml.sax.XMLReader;

public class XmlCases {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    Document parseDefault(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        // ruleid: shiftleft.java.xxe-document-builder-factory
        DocumentBuilder db = dbf.newDocumentBuilder();
        return db.parse(in);
    }

    Document parseChained(InputStream in) throws Exception {
        // ruleid: shiftleft.java.xxe-document-builder-factory
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }

    Document parseFeatureOff(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        // ruleid: shiftleft.java.xxe-document-builder-factory
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseHardened(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        try {
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        // ok: shiftleft.java.xxe-document-builder-factory
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseHardenedConstant(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature(DISALLOW_DOCTYPE, true);
        // ok: shiftleft.java.xxe-document-builder-factory
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseSecureProcessing(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // ok: shiftleft.java.xxe-document-builder-factory
        return dbf.newDocumentBuilder().parse(in);
    }

    Document parseViaHelper(InputStream in) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        XmlSecurity.harden(dbf);
        // ok: shiftleft.java.xxe-document-builder-factory
        return dbf.newDocumentBuilder().parse(in);
    }

    Document newEmpty() throws Exception {
        // ok: shiftleft.java.xxe-document-builder-factory
        DocumentBuilder db = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        Document d = db.newDocument();
        return d;
    }

    void sax(InputStream in, DefaultHandler h) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        // ruleid: shiftleft.java.xxe-sax-parser-factory
        SAXParser parser = spf.newSAXParser();
        parser.parse(in, h);
    }

    void saxSafe(InputStream in, DefaultHandler h) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        // ok: shiftleft.java.xxe-sax-parser-factory
        spf.newSAXParser().parse(in, h);
    }

    void stax(InputStream in) throws Exception {
        XMLInputFactory xif = XMLInputFactory.newInstance();
        // ruleid: shiftleft.java.xxe-xml-input-factory
        XMLStreamReader r = xif.createXMLStreamReader(in);
    }

    void staxSafe(InputStream in) throws Exception {
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        // ok: shiftleft.java.xxe-xml-input-factory
        XMLEventReader r = xif.createXMLEventReader(in);
    }

    void transform(Source xsl, Source xml, Result out) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        // ruleid: shiftleft.java.xxe-transformer-factory
        Transformer t = tf.newTransformer(xsl);
        t.transform(xml, out);
    }

    void transformSafe(Source xsl, Source xml, Result out) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        // ok: shiftleft.java.xxe-transformer-factory
        tf.newTransformer(xsl).transform(xml, out);
    }

    void schema(Source xsd) throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // ruleid: shiftleft.java.xxe-schema-factory
        Schema s = sf.newSchema(xsd);
    }

    void schemaSafe(Source xsd) throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // ok: shiftleft.java.xxe-schema-factory
        Schema s = sf.newSchema(xsd);
    }

    void dom4j(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        // ruleid: shiftleft.java.xxe-xml-reader
        org.dom4j.Document d = reader.read(in);
    }

    void dom4jSafe(InputStream in) throws Exception {
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // ok: shiftleft.java.xxe-xml-reader
        org.dom4j.Document d = reader.read(in);
    }
}
