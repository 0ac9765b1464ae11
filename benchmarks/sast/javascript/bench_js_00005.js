const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
const LANGUAGES = new Set(["en", "fr", "de"]);

app.get("/lang", (req, res) => {
  const requested = String(req.query.lang);
  req.session.lang = LANGUAGES.has(requested) ? requested : "en";
  res.json({ lang: req.session.lang });
});
