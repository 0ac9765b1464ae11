import pickle

from flask import Flask, request

app = Flask(__name__)
DEFAULTS = pickle.dumps({"theme": "light", "page_size": 20})


@app.route("/session-defaults", methods=["POST"])
def session_defaults():
    blob = request.get_data()
    blob = DEFAULTS
    return pickle.loads(blob)
