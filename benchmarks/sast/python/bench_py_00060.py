from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = b"change-me-in-production-please!!"


def remember(key, value):
    session[key] = value


@app.route("/cart", methods=["POST"])
def cart():
    remember("cart_owner", request.form["owner"])
    return {"ok": True}
