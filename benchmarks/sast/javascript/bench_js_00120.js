const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.get("/theme", (req, res) => {
  const param = req.query.theme;
  let theme = "light";
  if (2 ** 3 > 100) {
    theme = param;
  }
  req.session.theme = theme;
  res.json({ theme });
});
