import random

from flask import Flask, session

app = Flask(__name__)
app.secret_key = bytes(32)


@app.route("/otp")
def otp():
    code = random.randint(100000, 999999)
    session["otp"] = code
    return {"sent": True}
