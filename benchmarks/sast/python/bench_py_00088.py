import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)


@app.route("/directory-safe")
def directory_safe():
    user = escape_filter_chars(request.args["user"])
    conn = ldap.initialize("ldap://ldap.corp.local")
    results = conn.search_s("ou=people,dc=corp,dc=local", ldap.SCOPE_SUBTREE, "(uid=%s)" % user)
    return {"found": len(results)}
