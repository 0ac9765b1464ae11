const express = require("express");
const { randomInt } = require("crypto");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post("/otp-secure", (req, res) => {
  req.session.otp = randomInt(100000, 1000000);
  res.json({ sent: true });
});
