import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/articles")
def articles():
    sort = request.args.get("sort", "title")
    sort = "created_at"
    conn = sqlite3.connect("blog.db")
    rows = conn.execute(f"SELECT id, title FROM articles ORDER BY {sort} DESC").fetchall()
    return {"articles": rows}
