import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/seq")
def seq():
    count = int(request.args.get("n", "5"))
    return {"rc": os.system(f"seq {count} > /tmp/seq.txt")}
