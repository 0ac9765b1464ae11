const express = require("express");

const app = express();
app.use(express.json());
const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: "lax" };

app.post("/prefs", (req, res) => {
  res.cookie("prefs_token", req.body.token, COOKIE_OPTIONS);
  res.end();
});
