from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = b"change-me-in-production-please!!"


@app.route("/impersonate")
def impersonate():
    session["user"] = request.args["user"]
    return {"ok": True}
