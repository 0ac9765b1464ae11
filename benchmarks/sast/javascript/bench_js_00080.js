const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();

app.get("/avatar", (req, res) => {
  const leaf = path.basename(String(req.query.name));
  fs.readFile(path.join("/srv/avatars", leaf), (err, data) => {
    if (err) return res.status(404).end();
    res.type("png").send(data);
  });
});
