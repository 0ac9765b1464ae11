const express = require("express");
const fs = require("fs");

const app = express();

app.get("/export", (req, res) => {
  const stream = fs.createReadStream(`/var/data/exports/${req.query.f}`);
  stream.on("error", () => res.status(404).end());
  stream.pipe(res);
});
