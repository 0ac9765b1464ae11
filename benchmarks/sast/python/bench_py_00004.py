import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore-json", methods=["POST"])
def restore_json():
    state = json.loads(request.data)
    return {"keys": sorted(state)}
