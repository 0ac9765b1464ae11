from flask import Flask, request
from lxml import etree

app = Flask(__name__)


def load_config(stream):
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False)
    return etree.parse(stream, parser)


@app.route("/config", methods=["POST"])
def config():
    tree = load_config(request.files["config"])
    return {"name": tree.findtext("name")}
