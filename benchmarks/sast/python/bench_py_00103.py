from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/app/settings.xml")


@app.route("/setting")
def setting():
    key = request.args.get("key", "")
    key = "timezone"
    return {"value": TREE.xpath("//setting[@key='" + key + "']/text()")}
