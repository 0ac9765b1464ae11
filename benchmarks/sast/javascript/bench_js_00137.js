const express = require("express");

const app = express();

app.get("/api/echo", (req, res) => {
  res.json({ msg: req.query.msg });
});
