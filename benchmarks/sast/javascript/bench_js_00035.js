const express = require("express");
const cookieParser = require("cookie-parser");

const app = express();
app.use(cookieParser());

app.get("/profile-json", (req, res) => {
  const profile = JSON.parse(Buffer.from(req.cookies.profile, "base64").toString());
  res.json({ user: profile.username });
});
