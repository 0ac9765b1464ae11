const express = require("express");

const app = express();
app.use(express.json());

app.post("/remember", (req, res) => {
  res.cookie("remember_token", req.body.token, { httpOnly: true, secure: false, maxAge: 2592000000 });
  res.end();
});
