from flask import Flask, request
from lxml import etree

app = Flask(__name__)
ACCOUNTS = etree.parse("/srv/app/accounts.xml")


@app.route("/login", methods=["POST"])
def login():
    creds = [request.form["user"], request.form["pin"]]
    expr = "//account[user='{}' and pin='{}']".format(creds[0], creds[1])
    return {"ok": bool(ACCOUNTS.xpath(expr))}
