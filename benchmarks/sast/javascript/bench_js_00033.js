const express = require("express");
const session = require("express-session");

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post("/impersonate", (req, res) => {
  req.session.user = req.body.user;
  res.json({ ok: true });
});
