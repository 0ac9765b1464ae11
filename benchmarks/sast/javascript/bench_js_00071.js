const express = require("express");
const crypto = require("crypto");

const app = express();

app.post("/signin-secure", (req, res) => {
  res.cookie("session_id", crypto.randomBytes(32).toString("hex"), {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
  });
  res.json({ ok: true });
});
