from Crypto.Hash import MD5
from flask import Flask, request

app = Flask(__name__)
STORE = {}


@app.route("/api-keys", methods=["POST"])
def api_keys():
    key = request.form["key"]
    STORE[request.form["owner"]] = MD5.new(key.encode()).hexdigest()
    return {"stored": True}
