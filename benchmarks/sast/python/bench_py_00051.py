from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/after-save", methods=["POST"])
def after_save():
    request.form.get("next")
    return redirect(url_for("index"))


@app.route("/")
def index():
    return "home"
