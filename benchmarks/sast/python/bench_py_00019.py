from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/groups")
def groups(member: str):
    conn = Connection(Server("ldap://ldap.corp.local"), auto_bind=True)
    conn.search("ou=groups,dc=corp,dc=local", f"(&(objectClass=groupOfNames)(member=uid={member}))")
    return {"groups": [e.entry_dn for e in conn.entries]}
