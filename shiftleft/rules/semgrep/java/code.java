// Test cases for code.yaml (semgrep --test). Not compiled.
package shiftleft.tests;

import javax.script.*;
import javax.servlet.http.*;
import org.springframework.expression.*;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.bind.annotation.*;

@RestController
public class CodeCases {
    private final ExpressionParser parser = new SpelExpressionParser();

    @GetMapping("/calc")
    public Object calc(@RequestParam String formula) {
        // ruleid: shiftleft.java.spel-injection
        Expression e = parser.parseExpression(formula);
        return e.getValue();
    }

    @GetMapping("/greet")
    public Object greet(@RequestParam String name) {
        // ok: shiftleft.java.spel-injection
        Expression e = parser.parseExpression("'Hello ' + #name");
        StandardEvaluationContext ctx = new StandardEvaluationContext();
        ctx.setVariable("name", name);
        return e.getValue(ctx);
    }

    @GetMapping("/sum")
    public Object sum(@RequestParam("a") int a) {
        // ok: shiftleft.java.spel-injection
        return parser.parseExpression(a + " * 2").getValue();
    }

    public void script(HttpServletRequest request) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        String code = request.getParameter("code");
        // ruleid: shiftleft.java.script-engine-injection
        engine.eval(code);
        // ruleid: shiftleft.java.script-engine-injection
        new ScriptEngineManager().getEngineByName("groovy").eval("return " + request.getParameter("v"));
        // ruleid: shiftleft.java.script-engine-injection
        new GroovyShell().evaluate(request.getParameter("groovy"));
        Bindings b = engine.createBindings();
        b.put("input", code);
        // ok: shiftleft.java.script-engine-injection
        engine.eval("input.trim().length", b);
        // ok: shiftleft.java.script-engine-injection
        engine.eval(loadTrustedScript("report.js"));
    }

    public void el(HttpServletRequest request, ExpressionFactory factory, ELContext elCtx) throws Exception {
        String expr = request.getParameter("expr");
        // ruleid: shiftleft.java.expression-language-injection
        Object v1 = Ognl.getValue(expr, context, root);
        // ruleid: shiftleft.java.expression-language-injection
        Object v2 = MVEL.eval("user." + expr, vars);
        // ruleid: shiftleft.java.expression-language-injection
        ValueExpression ve = factory.createValueExpression(elCtx, "${" + expr + "}", Object.class);
        // ok: shiftleft.java.expression-language-injection
        Object v3 = Ognl.getValue("user.name", context, root);
        // ok: shiftleft.java.expression-language-injection
        Object v4 = MVEL.eval("user.age > limit", Map.of("limit", Integer.parseInt(expr)));
    }

    @PostMapping("/render")
    public String render(@RequestBody String body, @RequestParam String title) {
        VelocityContext ctx = new VelocityContext();
        StringWriter out = new StringWriter();
        // ruleid: shiftleft.java.template-injection
        Velocity.evaluate(ctx, out, "user-template", body);
        ctx.put("title", title);
        // ok: shiftleft.java.template-injection
        Velocity.evaluate(ctx, out, "fixed", "<h1>$esc.html($title)</h1>");
        // ruleid: shiftleft.java.template-injection
        Template t = new Template("user", new StringReader(body), freemarkerConfig);
        // ok: shiftleft.java.template-injection
        Template t2 = new Template("page", new StringReader("<p>${title}</p>"), freemarkerConfig);
        return out.toString();
    }
}

@Controller
class PageController {
    @GetMapping("/doc/{section}")
    public String doc(@PathVariable String section) {
        // ruleid: shiftleft.java.spring-view-name-injection
        return "docs/" + section;
    }

    @GetMapping("/lang")
    public String lang(@RequestParam String lang) {
        // ruleid: shiftleft.java.spring-view-name-injection
        return new ModelAndView("welcome_" + lang).getViewName();
    }

    @GetMapping("/doc-safe/{section}")
    public String docSafe(@PathVariable String section, Model model) {
        model.addAttribute("section", section);
        // ok: shiftleft.java.spring-view-name-injection
        return "docs/page";
    }

    @GetMapping("/doc-mapped/{section}")
    public String docMapped(@PathVariable String section) {
        // ok: shiftleft.java.spring-view-name-injection
        return SECTIONS.contains(section) ? "docs/known" : "docs/missing";
    }

    @GetMapping("/back")
    public String back(@RequestParam String to) {
        // ok: shiftleft.java.spring-view-name-injection
        return "redirect:" + to;
    }

    @GetMapping("/raw")
    @ResponseBody
    public String raw(@RequestParam String q) {
        // ok: shiftleft.java.spring-view-name-injection
        return "docs/" + q.length();
    }
}
