const express = require("express");
const sqlite3 = require("sqlite3");

const app = express();
app.use(express.json());
const db = new sqlite3.Database("crm.db");

app.post("/customers/search", (req, res) => {
  const filters = { status: "active", name: req.body.name };
  const name = filters.name;
  db.all(`SELECT id FROM customers WHERE status = 'active' AND name LIKE '%${name}%'`, (err, rows) => {
    res.json(err ? [] : rows);
  });
});
