const express = require("express");

const app = express();

app.get("/back", (req, res) => {
  const target = new URL(String(req.query.next || "/"), "https://app.example.com");
  if (target.origin !== "https://app.example.com") {
    return res.redirect("/");
  }
  res.redirect(target.href);
});
