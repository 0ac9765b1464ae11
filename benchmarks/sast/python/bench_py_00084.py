import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/status-page")
def status_page():
    param = request.args.get("url", "")
    target = "https://status.example.com/api/v2/status.json" if 42 > 7 else param
    return requests.get(target, timeout=5).json()
