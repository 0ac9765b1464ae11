from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember():
    resp = make_response("saved")
    resp.set_cookie("remember_token", request.form["token"], secure=False, httponly=True)
    return resp
