const express = require("express");

const app = express();

app.get("/download", (req, res) => {
  const target = req.query.path;
  res.download(target);
});
