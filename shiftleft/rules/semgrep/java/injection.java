// Test cases for injection.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import java.sql.*;
import java.util.*;
import java.util.regex.Pattern;
import javax.naming.directory.*;
import javax.persistence.EntityManager;
import javax.servlet.http.*;
import javax.xml.xpath.*;
import org.slf4j.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

public class InjectionCases extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(InjectionCases.class);
    private JdbcTemplate jdbcTemplate;
    private EntityManager em;
    private DirContext ldap;

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String name = request.getParameter("name");
        Connection conn = dataSource.getConnection();
        Statement st = conn.createStatement();
        // ruleid: shiftleft.java.sql-injection-jdbc
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        String sql = "DELETE FROM users WHERE name = '" + name + "'";
        // ruleid: shiftleft.java.sql-injection-jdbc
        st.executeUpdate(sql);
        // ruleid: shiftleft.java.sql-injection-jdbc
        PreparedStatement bad = conn.prepareStatement("SELECT * FROM t WHERE a = '" + name + "'");
        StringBuilder sb = new StringBuilder("SELECT * FROM orders WHERE owner = '");
        sb.append(request.getHeader("X-User"));
        // ruleid: shiftleft.java.sql-injection-jdbc
        st.execute(sb.toString());

        // ok: shiftleft.java.sql-injection-jdbc
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        // ok: shiftleft.java.sql-injection-jdbc
        ps.executeQuery();
        int id = Integer.parseInt(request.getParameter("id"));
        // ok: shiftleft.java.sql-injection-jdbc
        st.executeQuery("SELECT * FROM users WHERE id = " + id);
        String table = "audit_log";
        // ok: shiftleft.java.sql-injection-jdbc
        st.executeUpdate("TRUNCATE " + table);

        // ruleid: shiftleft.java.sql-injection-jpa-hibernate
        em.createQuery("FROM User u WHERE u.name = '" + name + "'").getResultList();
        String nq = String.format("SELECT * FROM users WHERE email = '%s'", request.getParameter("email"));
        // ruleid: shiftleft.java.sql-injection-jpa-hibernate
        em.createNativeQuery(nq).getResultList();
        // ok: shiftleft.java.sql-injection-jpa-hibernate
        em.createQuery("FROM User u WHERE u.name = :name").setParameter("name", name).getResultList();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<User> cq = cb.createQuery(User.class);
        Root<User> root = cq.from(User.class);
        CriteriaQuery<User> filtered = cq.select(root).where(cb.equal(root.get("name"), name));
        // ok: shiftleft.java.sql-injection-jpa-hibernate
        em.createQuery(filtered).getResultList();

        // ruleid: shiftleft.java.sql-injection-spring-jdbc
        jdbcTemplate.queryForList("SELECT * FROM items WHERE tag = '" + name + "'");
        // ruleid: shiftleft.java.sql-injection-spring-jdbc
        jdbcTemplate.update("UPDATE items SET seen = 1 WHERE tag = '" + name + "'");
        // ok: shiftleft.java.sql-injection-spring-jdbc
        jdbcTemplate.queryForList("SELECT * FROM items WHERE tag = ?", name);
        // ok: shiftleft.java.sql-injection-spring-jdbc
        jdbcTemplate.update("UPDATE items SET seen = 1 WHERE id = " + Long.parseLong(name));

        String user = request.getParameter("user");
        SearchControls sc = new SearchControls();
        // ruleid: shiftleft.java.ldap-injection
        ldap.search("ou=people,dc=example,dc=com", "(uid=" + user + ")", sc);
        String filter = "(&(objectClass=person)(mail=" + request.getParameter("mail") + "))";
        // ruleid: shiftleft.java.ldap-injection
        NamingEnumeration<SearchResult> r2 = ldap.search("dc=example,dc=com", filter, sc);
        // ok: shiftleft.java.ldap-injection
        ldap.search("ou=people,dc=example,dc=com", "(uid={0})", new Object[] {user}, sc);
        // ok: shiftleft.java.ldap-injection
        ldap.search("ou=people,dc=example,dc=com", "(uid=" + LdapEncoder.filterEncode(user) + ")", sc);

        XPath xpath = XPathFactory.newInstance().newXPath();
        String expr = "/users/user[@name='" + request.getParameter("who") + "']/role";
        // ruleid: shiftleft.java.xpath-injection
        String role = xpath.evaluate(expr, doc);
        // ruleid: shiftleft.java.xpath-injection
        XPathExpression compiled = xpath.compile("//item[@id='" + name + "']");
        // ok: shiftleft.java.xpath-injection
        String role2 = xpath.evaluate("/users/user[@name=$who]/role", doc);
        // ok: shiftleft.java.xpath-injection
        String count = xpath.evaluate("count(/users/user[" + Integer.parseInt(name) + "])", doc);

        String host = request.getParameter("host");
        // ruleid: shiftleft.java.command-injection-runtime-exec
        Runtime.getRuntime().exec("ping -c 1 " + host);
        String[] cmd = {"/bin/sh", "-c", "nslookup " + host};
        Runtime rt = Runtime.getRuntime();
        // ruleid: shiftleft.java.command-injection-runtime-exec
        rt.exec(cmd);
        // ok: shiftleft.java.command-injection-runtime-exec
        rt.exec(new String[] {"/usr/bin/uptime"});
        // ok: shiftleft.java.command-injection-runtime-exec
        rt.exec("ping -c " + Integer.parseInt(request.getParameter("count")) + " localhost");

        // ruleid: shiftleft.java.command-injection-process-builder
        new ProcessBuilder("sh", "-c", "convert " + host).start();
        List<String> args = new ArrayList<>();
        args.add("git");
        args.add("log");
        args.add(request.getParameter("rev"));
        // ruleid: shiftleft.java.command-injection-process-builder
        ProcessBuilder pb = new ProcessBuilder(args);
        List<String> fixed = Arrays.asList("git", "status");
        // ok: shiftleft.java.command-injection-process-builder
        ProcessBuilder pb2 = new ProcessBuilder(fixed);

        // ruleid: shiftleft.java.nosql-injection-mongodb
        collection.find(Document.parse("{ owner: '" + user + "' }"));
        // ruleid: shiftleft.java.nosql-injection-mongodb
        collection.find(new Document("$where", "this.owner == '" + user + "'"));
        // ok: shiftleft.java.nosql-injection-mongodb
        collection.find(new Document("owner", user));
        // ok: shiftleft.java.nosql-injection-mongodb
        collection.find(Filters.eq("owner", user));

        // ruleid: shiftleft.java.unsafe-reflection
        Object handler = Class.forName(request.getParameter("handler")).getDeclaredConstructor().newInstance();
        // ok: shiftleft.java.unsafe-reflection
        Object fixedHandler = Class.forName("com.example.DefaultHandler").getDeclaredConstructor().newInstance();

        String q = request.getParameter("q");
        // ruleid: shiftleft.java.regex-injection
        Pattern p1 = Pattern.compile(q);
        // ruleid: shiftleft.java.regex-injection
        boolean m = "some text".matches(".*" + q + ".*");
        // ok: shiftleft.java.regex-injection
        Pattern p2 = Pattern.compile(".*" + Pattern.quote(q) + ".*");
        // ok: shiftleft.java.regex-injection
        String[] parts = q.split(",");
        // ok: shiftleft.java.regex-injection
        String cleaned = q.replaceAll("[^a-z]", "");

        // ruleid: shiftleft.java.log-injection
        log.info("login failed for user " + user);
        // ruleid: shiftleft.java.log-injection
        log.warn("bad agent {}", request.getHeader("User-Agent"));
        // ok: shiftleft.java.log-injection
        log.info("login failed for user " + user.replaceAll("[\r\n]", "_"));
        // ok: shiftleft.java.log-injection
        log.info("login failed for user id " + id);

        // ruleid: shiftleft.java.http-response-splitting
        response.setHeader("X-Requested-Lang", request.getParameter("lang"));
        // ok: shiftleft.java.http-response-splitting
        response.setHeader("X-Requested-Lang", URLEncoder.encode(request.getParameter("lang"), "UTF-8"));
        // ok: shiftleft.java.http-response-splitting
        response.setHeader("Cache-Control", "no-store");
    }
}

@RestController
class ReportController {
    private JdbcTemplate jdbc;
    private Session session;

    @GetMapping("/reports")
    public List<Map<String, Object>> reports(@RequestParam("sort") String sort, @RequestParam int limit) {
        // ruleid: shiftleft.java.sql-injection-spring-jdbc
        return jdbc.queryForList("SELECT * FROM reports ORDER BY " + sort + " LIMIT " + limit);
    }

    @GetMapping("/reports/{id}")
    public Map<String, Object> report(@PathVariable long id) {
        // ok: shiftleft.java.sql-injection-spring-jdbc
        return jdbc.queryForMap("SELECT * FROM reports WHERE id = " + id);
    }

    @GetMapping("/byName")
    public List<?> byName(@RequestParam String name) {
        // ruleid: shiftleft.java.sql-injection-jpa-hibernate
        return session.createQuery("from Report where name = '" + name + "'").list();
    }

    @PostMapping("/run")
    public String run(@RequestBody Job job) throws Exception {
        // ruleid: shiftleft.java.command-injection-process-builder
        new ProcessBuilder("tar", "czf", job.getTarget()).start();
        // ruleid: shiftleft.java.log-injection
        logger.error("job target was " + job.getTarget());
        JobRun run = jobService.start(job);
        // ok: shiftleft.java.log-injection
        logger.info("started job run {}", run.getId());
        return "started";
    }

    public List<?> internal(String name) {
        // ok: shiftleft.java.sql-injection-jpa-hibernate
        return session.createQuery("from Report where name = '" + name + "'").list();
    }
}
