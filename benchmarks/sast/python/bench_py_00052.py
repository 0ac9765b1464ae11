import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/profile")
def profile():
    uid = int(request.args.get("id", "0"))
    conn = sqlite3.connect("app.db")
    row = conn.execute(f"SELECT name, bio FROM profiles WHERE user_id = {uid}").fetchone()
    return {"profile": row}
