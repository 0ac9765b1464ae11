from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    resp = make_response("<h1>Results for " + q + "</h1>")
    resp.headers["Content-Type"] = "text/html"
    return resp
