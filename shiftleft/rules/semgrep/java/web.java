// Test cases for web.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.util.zip.*;
import javax.servlet.http.*;
import org.apache.commons.io.FilenameUtils;
import org.owasp.encoder.Encode;
import org.springframework.http.*;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

public class WebCases extends HttpServlet {
    private static final String BASE = "/srv/app/uploads";

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getParameter("file");
        // ruleid: shiftleft.java.path-traversal-java-io
        File f = new File(BASE, file);
        // ruleid: shiftleft.java.path-traversal-java-io
        FileInputStream in = new FileInputStream(BASE + "/" + request.getParameter("doc"));
        // ok: shiftleft.java.path-traversal-java-io
        File safe = new File(BASE, FilenameUtils.getName(file));
        // ok: shiftleft.java.path-traversal-java-io
        File fixed = new File(BASE, "index.html");
        // ok: shiftleft.java.path-traversal-java-io
        String leaf = new File(file).getName();

        // ruleid: shiftleft.java.path-traversal-nio
        byte[] data = Files.readAllBytes(Paths.get(BASE, file));
        Path root = Paths.get(BASE);
        // ruleid: shiftleft.java.path-traversal-nio
        Path target = root.resolve(request.getHeader("X-File"));
        // ok: shiftleft.java.path-traversal-nio
        Path onlyName = root.resolve(Paths.get(file).getFileName());
        // ok: shiftleft.java.path-traversal-nio
        Path report = root.resolve("report-" + Integer.parseInt(request.getParameter("n")) + ".pdf");

        String next = request.getParameter("next");
        // ruleid: shiftleft.java.open-redirect-servlet
        response.sendRedirect(next);
        // ruleid: shiftleft.java.open-redirect-servlet
        response.setHeader("Location", "https://" + request.getParameter("host") + "/home");
        // ok: shiftleft.java.open-redirect-servlet
        response.sendRedirect("/account/overview?tab=" + next);
        // ok: shiftleft.java.open-redirect-servlet
        response.sendRedirect("/login");

        String target2 = request.getParameter("url");
        URL url = new URL(target2);
        // ruleid: shiftleft.java.ssrf-url-connection
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        // ruleid: shiftleft.java.ssrf-url-connection
        httpClient.execute(new HttpGet(target2));
        // ok: shiftleft.java.ssrf-url-connection
        InputStream is = new URL("https://api.example.com/items/" + URLEncoder.encode(target2, "UTF-8")).openStream();
        // ok: shiftleft.java.ssrf-url-connection
        HttpURLConnection conn2 = (HttpURLConnection) new URL("https://status.example.com/health").openConnection();

        String name = request.getParameter("name");
        PrintWriter out = response.getWriter();
        // ruleid: shiftleft.java.xss-servlet-writer
        out.println("<p>Hello " + name + "</p>");
        // ruleid: shiftleft.java.xss-servlet-writer
        response.getWriter().write(request.getHeader("Referer"));
        // ok: shiftleft.java.xss-servlet-writer
        out.println("<p>Hello " + Encode.forHtml(name) + "</p>");
        // ok: shiftleft.java.xss-servlet-writer
        out.println("<p>Hello guest</p>");
        // ok: shiftleft.java.xss-servlet-writer
        out.println("<p>" + org.springframework.web.util.HtmlUtils.htmlEscape(name) + "</p>");

        HttpSession session = request.getSession();
        // ruleid: shiftleft.java.trust-boundary-session
        session.setAttribute("role", request.getParameter("role"));
        // ruleid: shiftleft.java.trust-boundary-session
        request.getSession().setAttribute(name, "visited");
        // ok: shiftleft.java.trust-boundary-session
        session.setAttribute("page", Integer.parseInt(request.getParameter("page")));
        // ok: shiftleft.java.trust-boundary-session
        session.setAttribute("loginTime", System.currentTimeMillis());

        try {
            process(request);
        } catch (Exception e) {
            // ruleid: shiftleft.java.stack-trace-in-response
            e.printStackTrace(response.getWriter());
            // ok: shiftleft.java.stack-trace-in-response
            e.printStackTrace();
        }
    }

    void checkedRedirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        if (next.startsWith("/") && !next.startsWith("//")) {
            // ok: shiftleft.java.open-redirect-servlet
            response.sendRedirect(next);
        }
        if (ALLOWED_TARGETS.contains(next)) {
            // ok: shiftleft.java.open-redirect-servlet
            response.sendRedirect(next);
        }
        // ruleid: shiftleft.java.open-redirect-servlet
        response.sendRedirect(next);
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getParameter("file");
        File f = new File(BASE, file);
        // ok: shiftleft.java.path-traversal-java-io
        FileInputStream in = new FileInputStream(f);
        if (!f.getCanonicalPath().startsWith(BASE + File.separator)) {
            response.sendError(400);
            return;
        }
        response.setContentType("application/json");
        // ok: shiftleft.java.xss-servlet-writer
        response.getWriter().print("{\"file\": \"" + file + "\"}");
    }

    void unzip(ZipInputStream zis, File dest) throws IOException {
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            // ruleid: shiftleft.java.zip-slip
            File out = new File(dest, entry.getName());
            copy(zis, new FileOutputStream(out));
        }
    }

    void unzipChecked(ZipInputStream zis, Path dest) throws IOException {
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            // ok: shiftleft.java.zip-slip
            Path out = dest.resolve(entry.getName()).normalize();
            if (!out.startsWith(dest)) {
                throw new IOException("bad entry");
            }
            Files.copy(zis, out);
        }
    }
}

@Controller
class LoginController {
    @GetMapping("/login/done")
    public String done(@RequestParam("returnTo") String returnTo) {
        // ruleid: shiftleft.java.open-redirect-spring-view
        return "redirect:" + returnTo;
    }

    @GetMapping("/orders/go")
    public String order(@RequestParam("id") String id) {
        // ok: shiftleft.java.open-redirect-spring-view
        return "redirect:/orders/" + id;
    }

    @GetMapping("/hello")
    @ResponseBody
    public String hello(@RequestParam String name) {
        // ruleid: shiftleft.java.xss-spring-response-body
        return "<h1>Hello " + name + "</h1>";
    }

    @GetMapping("/hello2")
    public String helloView(@RequestParam String name, Model model) {
        model.addAttribute("name", name);
        // ok: shiftleft.java.xss-spring-response-body
        return "hello";
    }
}

@RestController
class ProxyController {
    private final RestTemplate restTemplate = new RestTemplate();
    private final WebClient webClient = WebClient.create();

    @GetMapping("/proxy")
    public String proxy(@RequestParam String url) {
        // ruleid: shiftleft.java.ssrf-spring-http-client
        return restTemplate.getForObject(url, String.class);
    }

    @GetMapping("/avatar")
    public Mono<byte[]> avatar(@RequestParam("src") String src) {
        // ruleid: shiftleft.java.ssrf-spring-http-client
        return webClient.get().uri(src).retrieve().bodyToMono(byte[].class);
    }

    @GetMapping("/item")
    public String item(@RequestParam String id) {
        // ok: shiftleft.java.ssrf-spring-http-client
        return restTemplate.getForObject("https://catalog.internal/items/{id}", String.class, id);
    }

    @GetMapping("/echo")
    public String echo(@RequestParam String msg) {
        // ruleid: shiftleft.java.xss-spring-response-body
        return "you said: " + msg;
    }

    @GetMapping(value = "/echo.json", produces = "application/json")
    public String echoJson(@RequestParam String msg) {
        // ok: shiftleft.java.xss-spring-response-body
        return "{\"msg\": \"" + msg + "\"}";
    }

    @GetMapping("/echo.safe")
    public String echoSafe(@RequestParam String msg) {
        // ok: shiftleft.java.xss-spring-response-body
        return "you said: " + HtmlUtils.htmlEscape(msg);
    }

    @PostMapping("/profile/preview")
    public String preview(@RequestBody Profile profile) {
        // ruleid: shiftleft.java.xss-spring-response-body
        return "<div class='bio'>" + profile.getBio() + "</div>";
    }

    @PostMapping("/profile/save")
    public String save(@RequestBody Profile profile) {
        Profile saved = profileService.save(profile);
        // ok: shiftleft.java.xss-spring-response-body
        return "saved " + saved.getId();
    }

    @GetMapping("/count")
    public String count(@RequestParam int n) {
        // ok: shiftleft.java.xss-spring-response-body
        return "count: " + n;
    }
}
