const express = require("express");
const crypto = require("crypto");

const app = express();
app.use(express.json());
const users = new Map();

app.post("/register", (req, res) => {
  const digest = crypto.createHash("md5").update(req.body.password).digest("hex");
  users.set(req.body.email, digest);
  res.status(201).end();
});
