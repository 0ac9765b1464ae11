import secrets

from flask import Flask

app = Flask(__name__)
KEYS = {}


@app.route("/token/<owner>", methods=["POST"])
def new_token(owner):
    KEYS[owner] = secrets.token_hex(16)
    return {"ok": True}
