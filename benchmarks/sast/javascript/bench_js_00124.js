const express = require("express");

const app = express();
const resetTokens = new Map();

app.post("/password-reset/:user", (req, res) => {
  const token = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  resetTokens.set(req.params.user, token);
  res.json({ sent: true });
});
