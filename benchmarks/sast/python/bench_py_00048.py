import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    code = os.system(f"ping -c 1 {host}")
    return {"reachable": code == 0}
