const express = require("express");

const app = express();
app.set("view engine", "pug");

app.get("/welcome", (req, res) => {
  res.render("welcome", { name: req.query.name });
});
