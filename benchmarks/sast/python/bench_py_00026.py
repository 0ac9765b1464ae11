import requests
from flask import Flask, request

app = Flask(__name__)


def deliver(hook):
    return requests.post(hook["target"], json={"event": "ping"}, timeout=5)


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    hook = {"name": request.form["name"], "target": request.form["callback"]}
    return {"status": deliver(hook).status_code}
