import hashlib
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    digest = hashlib.md5(password.encode()).hexdigest()
    conn = sqlite3.connect("users.db")
    conn.execute("INSERT INTO users (name, pw) VALUES (?, ?)", (request.form["name"], digest))
    conn.commit()
    return {"ok": True}
