const express = require("express");
const crypto = require("crypto");

const app = express();
const KEY = crypto.randomBytes(32);

app.get("/token-gcm", (req, res) => {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", KEY, iv);
  const ct = Buffer.concat([cipher.update(String(req.query.account)), cipher.final()]);
  res.json({ token: Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64") });
});
