from flask import Flask, make_response, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/find")
def find():
    q = escape(request.args.get("q", ""))
    resp = make_response("<h1>Results for " + q + "</h1>")
    return resp
