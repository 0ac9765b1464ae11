const express = require("express");
const bcrypt = require("bcrypt");

const app = express();
app.use(express.json());
const users = new Map();

app.post("/signup", async (req, res) => {
  users.set(req.body.email, await bcrypt.hash(req.body.password, 12));
  res.status(201).end();
});
