from flask import Flask, request
from ldap3 import Connection, Server

app = Flask(__name__)


@app.route("/phone", methods=["POST"])
def phone():
    query = {"attr": "telephoneNumber", "name": request.form["name"]}
    flt = "(cn={})".format(query["name"])
    conn = Connection(Server("ldap://ldap.corp.local"), auto_bind=True)
    conn.search("dc=corp,dc=local", flt, attributes=[query["attr"]])
    return {"n": len(conn.entries)}
