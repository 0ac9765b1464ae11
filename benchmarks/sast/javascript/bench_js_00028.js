const express = require("express");
const crypto = require("crypto");

const app = express();
const resetTokens = new Map();

app.post("/password-reset-secure/:user", (req, res) => {
  resetTokens.set(req.params.user, crypto.randomBytes(32).toString("hex"));
  res.json({ sent: true });
});
