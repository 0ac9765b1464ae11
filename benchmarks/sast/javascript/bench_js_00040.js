const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.get("/wizard/:account", (req, res) => {
  const answers = { step: 2, account: req.params.account };
  req.session.accountId = answers.account;
  res.json({ step: answers.step });
});
