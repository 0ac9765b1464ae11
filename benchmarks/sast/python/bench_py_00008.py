from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)


def is_local(url):
    parts = urlparse(url)
    if parts.scheme or parts.netloc or not url.isprintable() or "\\" in url:
        return False
    return url.startswith("/") and not url.startswith("//")


@app.route("/back")
def back():
    target = request.args.get("next", "/")
    if not is_local(target):
        target = "/"
    return redirect(target)
