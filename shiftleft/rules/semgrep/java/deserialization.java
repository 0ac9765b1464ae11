// Test cases for deserialization.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.thoughtworks.xstream.XStream;
import java.beans.XMLDecoder;
import java.io.*;
import java.util.Base64;
import javax.servlet.http.*;
import org.springframework.web.bind.annotation.*;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

public class DeserializationCases extends HttpServlet {
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(request.getInputStream());
        // ruleid: shiftleft.java.object-input-stream-untrusted
        Object o = ois.readObject();

        byte[] raw = Base64.getDecoder().decode(request.getParameter("state"));
        ObjectInputStream ois2 = new ObjectInputStream(new ByteArrayInputStream(raw));
        // ruleid: shiftleft.java.object-input-stream-untrusted
        Object state = ois2.readObject();

        ObjectInputStream filtered = new ObjectInputStream(request.getInputStream());
        filtered.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.dto.*;!*"));
        // ok: shiftleft.java.object-input-stream-untrusted
        Object dto = filtered.readObject();

        ObjectInputStream local = new ObjectInputStream(new FileInputStream("/var/lib/app/cache.bin"));
        // ok: shiftleft.java.object-input-stream-untrusted
        Object cached = local.readObject();

        // ruleid: shiftleft.java.xml-decoder-untrusted
        XMLDecoder dec = new XMLDecoder(request.getInputStream());
        // ok: shiftleft.java.xml-decoder-untrusted
        XMLDecoder trusted = new XMLDecoder(getClass().getResourceAsStream("/defaults.xml"));
    }
}

@RestController
class ImportController {
    @PostMapping("/import/yaml")
    public Object importYaml(@RequestBody String body) {
        Yaml yaml = new Yaml();
        // ruleid: shiftleft.java.snakeyaml-unsafe-load
        return yaml.load(body);
    }

    @PostMapping("/import/yaml2")
    public Object importYaml2(@RequestBody String body) {
        // ruleid: shiftleft.java.snakeyaml-unsafe-load
        return new Yaml().loadAs(body, Settings.class);
    }

    @PostMapping("/import/yaml-safe")
    public Object importYamlSafe(@RequestBody String body) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: shiftleft.java.snakeyaml-unsafe-load
        return yaml.load(body);
    }

    public Object loadConfig() {
        // ok: shiftleft.java.snakeyaml-unsafe-load
        return new Yaml().load(getClass().getResourceAsStream("/application.yml"));
    }

    @PostMapping("/import/xml")
    public Object importXml(@RequestBody String xml) {
        XStream xs = new XStream();
        // ruleid: shiftleft.java.xstream-untrusted
        return xs.fromXML(xml);
    }

    @PostMapping("/import/xml-safe")
    public Object importXmlSafe(@RequestBody String xml) {
        XStream xs = new XStream();
        xs.addPermission(NoTypePermission.NONE);
        xs.allowTypes(new Class[] {Order.class});
        // ok: shiftleft.java.xstream-untrusted
        return xs.fromXML(xml);
    }
}

class MapperConfig {
    ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        // ruleid: shiftleft.java.jackson-default-typing
        m.enableDefaultTyping();
        // ruleid: shiftleft.java.jackson-default-typing
        m.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL);
        PolymorphicTypeValidator ptv = BasicPolymorphicTypeValidator.builder().allowIfSubType("com.example.model.").build();
        // ok: shiftleft.java.jackson-default-typing
        m.activateDefaultTyping(ptv, ObjectMapper.DefaultTyping.NON_FINAL);
        return m;
    }
}

class Envelope {
    // ruleid: shiftleft.java.jackson-class-type-id
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class")
    public Object payload;

    // ok: shiftleft.java.jackson-class-type-id
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    public Shape shape;
}
