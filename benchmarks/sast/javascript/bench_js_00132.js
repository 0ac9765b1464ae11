const express = require("express");

const app = express();
const FORMULAS = { double: "x * 2", square: "x * x" };

app.get("/formula", (req, res) => {
  const expr = Object.prototype.hasOwnProperty.call(FORMULAS, req.query.name) ? FORMULAS[req.query.name] : "x";
  const x = 7;
  res.json({ result: eval(expr) });
});
