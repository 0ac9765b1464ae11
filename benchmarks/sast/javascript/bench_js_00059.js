const express = require("express");

const app = express();

app.get("/parse", (req, res) => {
  const value = JSON.parse(String(req.query.value || "null"));
  res.json({ value });
});
