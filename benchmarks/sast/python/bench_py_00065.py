from flask import Flask, request, send_file

app = Flask(__name__)
FILES = {"terms": "/srv/legal/terms.pdf", "privacy": "/srv/legal/privacy.pdf"}


@app.route("/legal")
def legal():
    key = request.args.get("doc", "terms")
    path = FILES.get(key, FILES["terms"])
    return send_file(path)
