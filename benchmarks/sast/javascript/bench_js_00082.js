const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post("/otp", (req, res) => {
  req.session.otp = Math.floor(100000 + Math.random() * 900000);
  res.json({ sent: true });
});
