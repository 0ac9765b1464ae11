import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/directory")
def directory():
    user = request.args["user"]
    conn = ldap.initialize("ldap://ldap.corp.local")
    results = conn.search_s("ou=people,dc=corp,dc=local", ldap.SCOPE_SUBTREE, "(uid=%s)" % user)
    return {"found": len(results)}
