const express = require("express");

const app = express();

app.get("/triple", (req, res) => {
  const n = Number(req.query.n);
  if (!Number.isFinite(n)) return res.status(400).end();
  res.json({ result: eval(String(n) + " * 3") });
});
