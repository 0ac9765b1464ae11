from urllib.parse import urlparse

import requests
from flask import Flask, request

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}


@app.route("/proxy-image")
def proxy_image():
    url = request.args["url"]
    parts = urlparse(url)
    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:
        return {"error": "host not allowed"}, 400
    return requests.get(url, timeout=5).content
