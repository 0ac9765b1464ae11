from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/download")
def download():
    path = request.args["path"]
    return send_file(path)
