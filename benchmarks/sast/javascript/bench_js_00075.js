const express = require("express");
const libxmljs = require("libxmljs");

const app = express();
const DEFAULTS = "<?xml version='1.0'?><settings><theme>dark</theme><lang>en</lang></settings>";

app.get("/defaults", (req, res) => {
  const doc = libxmljs.parseXml(DEFAULTS, { noent: true });
  const key = req.query.key === "lang" ? "lang" : "theme";
  res.json({ [key]: doc.get("//" + key).text() });
});
