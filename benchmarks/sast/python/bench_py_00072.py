from flask import Flask, make_response, request

app = Flask(__name__)
COOKIE_FLAGS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.route("/prefs", methods=["POST"])
def prefs():
    resp = make_response("saved")
    resp.set_cookie("prefs_token", request.form["token"], **COOKIE_FLAGS)
    return resp
