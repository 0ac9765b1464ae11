package org.shiftleft.benchmark.testcode;

import java.util.Map;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00011 {

    private final ScriptEngineManager engineManager = new ScriptEngineManager();

    @PostMapping("/codeinj-00/BenchmarkJava00011")
    public String run(@RequestBody Map<String, String> body) throws ScriptException {
        String code = body.get("code");
        ScriptEngine js = engineManager.getEngineByExtension("js");
        return String.valueOf(js.eval("var input = 1; " + code));
    }
}
