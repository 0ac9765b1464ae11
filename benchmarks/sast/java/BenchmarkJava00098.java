package org.shiftleft.benchmark.testcode;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BenchmarkJava00098 {

    @GetMapping("/codeinj-00/BenchmarkJava00098")
    public Object discount(@RequestParam("total") String total) {
        ExpressionParser parser = new SpelExpressionParser();
        EvaluationContext ctx = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        ctx.setVariable("total", Double.valueOf(total));
        return parser.parseExpression("#total > 100 ? #total * 0.9 : #total").getValue(ctx);
    }
}
