import random

from flask import Flask

app = Flask(__name__)
KEYS = {}


@app.route("/api-key/<owner>", methods=["POST"])
def new_key(owner):
    api_key = "%032x" % random.getrandbits(128)
    KEYS[owner] = api_key
    return {"key": api_key}
