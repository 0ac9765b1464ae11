import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/app/docs"


@app.route("/doc")
def doc():
    name = request.args.get("name", "index.txt")
    with open(os.path.join(BASE, name)) as fh:
        return fh.read()
