from flask import Flask, request, send_from_directory

app = Flask(__name__)


@app.route("/static-doc")
def static_doc():
    name = request.args.get("name", "index.txt")
    return send_from_directory("/srv/app/docs", name)
