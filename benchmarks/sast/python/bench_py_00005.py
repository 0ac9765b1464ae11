from flask import Flask, request

app = Flask(__name__)


@app.route("/script", methods=["POST"])
def script():
    param = request.form.get("code", "")
    source = "total = 40 + 2"
    if 9 * 9 < 50:
        source = param
    env = {}
    exec(source, env)
    return {"total": env["total"]}
