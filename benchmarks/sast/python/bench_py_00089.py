import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/var/uploads"


@app.route("/avatar", methods=["POST"])
def avatar():
    filename = secure_filename(request.form["name"])
    path = os.path.join(UPLOAD_DIR, filename)
    if not os.path.abspath(path).startswith(UPLOAD_DIR + os.sep):
        return {"error": "bad name"}, 400
    request.files["file"].save(path)
    return {"saved": filename}
