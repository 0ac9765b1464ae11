const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const ROOT = path.resolve("/srv/reports");

app.get("/reports", (req, res) => {
  const full = path.resolve(ROOT, String(req.query.file));
  if (!full.startsWith(ROOT + path.sep)) {
    return res.status(400).send("invalid path");
  }
  fs.createReadStream(full).pipe(res);
});
