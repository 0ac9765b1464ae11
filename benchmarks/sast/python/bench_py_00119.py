from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


def banner(user):
    return Markup("<b>Welcome back, %s</b>" % user)


@app.route("/home")
def home():
    return render_template("home.html", banner=banner(request.cookies.get("display_name", "")))
