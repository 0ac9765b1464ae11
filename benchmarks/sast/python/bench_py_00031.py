from flask import Flask, session

app = Flask(__name__)
app.secret_key = b"change-me-in-production-please!!"


@app.route("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
