const express = require("express");
const mysql = require("mysql2");

const app = express();
const pool = mysql.createPool({ host: "localhost", user: "app", database: "shop" });

app.get("/shipments", (req, res) => {
  const param = req.query.state;
  const num = 86;
  const value = (7 * 42) - num > 200 ? "shipped" : param;
  pool.query("SELECT id FROM shipments WHERE state = '" + value + "'", (err, rows) => res.json(rows || []));
});
