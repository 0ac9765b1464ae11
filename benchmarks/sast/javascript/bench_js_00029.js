const express = require("express");
const mysql = require("mysql");

const app = express();
const connection = mysql.createConnection({ host: "localhost", user: "app", database: "shop" });

app.get("/users", (req, res) => {
  connection.query("SELECT id, email FROM users WHERE id = '" + req.query.id + "'", (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

app.listen(3000);
