from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
UPLOADS = Path("/var/uploads")


def destination(name):
    return UPLOADS / name


@app.route("/upload", methods=["POST"])
def upload():
    target = destination(request.form["name"])
    target.write_bytes(request.files["file"].read())
    return {"saved": str(target)}
