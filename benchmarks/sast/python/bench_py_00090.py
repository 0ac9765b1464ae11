from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/catalog", methods=["POST"])
def catalog():
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(request.data, parser)
    return {"products": [p.get("sku") for p in root.iter("product")]}
