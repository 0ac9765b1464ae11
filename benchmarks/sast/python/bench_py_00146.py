import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/wizard", methods=["POST"])
def wizard():
    step = jsonpickle.decode(request.form["state"])
    return {"step": str(step)}
