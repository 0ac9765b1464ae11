import hashlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/checksum", methods=["POST"])
def checksum():
    blob = request.files["artifact"].read()
    return {"sha256": hashlib.sha256(blob).hexdigest()}
