import secrets

from flask import Flask, session

app = Flask(__name__)
app.secret_key = secrets.token_bytes(32)


@app.route("/otp-secure")
def otp_secure():
    session["otp"] = secrets.randbelow(900000) + 100000
    return {"sent": True}
