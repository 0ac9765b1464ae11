const express = require("express");
const md5 = require("md5");

const app = express();
app.use(express.json());
const keys = {};

app.post("/api-keys", (req, res) => {
  keys[req.body.owner] = md5(req.body.apiKey);
  res.json({ stored: true });
});
