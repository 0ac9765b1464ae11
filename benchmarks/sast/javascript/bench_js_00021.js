const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

function remember(req, key, value) {
  req.session[key] = value;
}

app.get("/role", (req, res) => {
  remember(req, "role", req.query.role);
  res.json({ ok: true });
});
