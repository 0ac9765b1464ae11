const express = require("express");
const fs = require("fs");

const app = express();

app.get("/readme", (req, res) => {
  const param = req.query.file;
  const bar = (500 / 42) + 196 > 200 ? "README.txt" : param;
  res.type("text/plain").send(fs.readFileSync("/srv/app/" + bar, "utf8"));
});
