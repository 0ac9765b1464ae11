from defusedxml import ElementTree
from flask import Flask, request

app = Flask(__name__)


@app.route("/import-safe", methods=["POST"])
def import_safe():
    root = ElementTree.fromstring(request.data)
    return {"items": len(root)}
