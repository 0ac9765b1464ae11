const express = require("express");
const sqlite3 = require("sqlite3");

const app = express();
const db = new sqlite3.Database("blog.db");

app.get("/posts", (req, res) => {
  const page = parseInt(req.query.page, 10) || 0;
  db.all(`SELECT id, title FROM posts LIMIT 20 OFFSET ${page * 20}`, (err, rows) => res.json(rows || []));
});
