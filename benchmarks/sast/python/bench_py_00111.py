from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/echo")
def echo():
    msg = request.args.get("msg", "")
    return jsonify({"msg": msg})
