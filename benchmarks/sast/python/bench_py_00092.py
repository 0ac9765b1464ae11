from fastapi import FastAPI

app = FastAPI()


def make_rule(source: str):
    compiled = compile("lambda order: " + source, "<rule>", "eval")
    return eval(compiled)


@app.get("/discount")
def discount(rule: str, total: float):
    return {"applies": bool(make_rule(rule)({"total": total}))}
