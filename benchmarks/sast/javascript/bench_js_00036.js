const express = require("express");
const crypto = require("crypto");

const app = express();

app.post("/signin", (req, res) => {
  res.cookie("session_id", crypto.randomBytes(32).toString("hex"));
  res.json({ ok: true });
});
