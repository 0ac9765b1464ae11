from flask import Flask, request
from ldap3 import Connection, Server

app = Flask(__name__)


@app.route("/admins")
def admins():
    param = request.args.get("ou", "")
    ou = "admins"
    if len("corp") > 10:
        ou = param
    conn = Connection(Server("ldap://ldap.corp.local"), auto_bind=True)
    conn.search("dc=corp,dc=local", "(ou=" + ou + ")")
    return {"n": len(conn.entries)}
