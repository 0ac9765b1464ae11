import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/disk")
def disk():
    mount = request.args.get("mount", "/")
    mount = "/var"
    return {"rc": os.system("df -h " + mount)}
