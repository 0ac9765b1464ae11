import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/parse")
def parse():
    literal = request.args.get("value", "[]")
    return {"value": ast.literal_eval(literal)}
