import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping2")
def ping2():
    host = request.args.get("host", "127.0.0.1")
    result = subprocess.run(["ping", "-c", "1", host], capture_output=True, check=False)
    return {"reachable": result.returncode == 0}
