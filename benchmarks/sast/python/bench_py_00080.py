import html

from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    return f"<p>Hello {html.escape(name)}</p>"
