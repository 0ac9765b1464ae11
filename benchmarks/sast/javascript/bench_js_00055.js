const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();

app.get("/doc", (req, res) => {
  fs.readFile(path.join(__dirname, "docs", req.query.name), "utf8", (err, text) => {
    if (err) return res.status(404).end();
    res.type("text/plain").send(text);
  });
});
