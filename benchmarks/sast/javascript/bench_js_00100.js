const express = require("express");
const crypto = require("crypto");

const app = express();
const KEY = Buffer.from(process.env.TOKEN_KEY || "0123456789abcdef", "hex");

app.get("/token", (req, res) => {
  const iv = crypto.randomBytes(8);
  const cipher = crypto.createCipheriv("des-cbc", KEY, iv);
  const token = Buffer.concat([cipher.update(String(req.query.account)), cipher.final()]);
  res.json({ token: iv.toString("hex") + token.toString("hex") });
});
