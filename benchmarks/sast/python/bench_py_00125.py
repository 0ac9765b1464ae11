from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()


@app.get("/members")
def members(group: str):
    conn = Connection(Server("ldap://ldap.corp.local"), auto_bind=True)
    conn.search("ou=groups,dc=corp,dc=local", f"(cn={escape_filter_chars(group)})", attributes=["member"])
    return {"n": len(conn.entries)}
