const express = require("express");
const fs = require("fs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");

const app = express();
const catalog = new DOMParser().parseFromString(fs.readFileSync("catalog.xml", "utf8"), "text/xml");

app.get("/item/:pos", (req, res) => {
  const pos = Number.parseInt(req.params.pos, 10) || 1;
  const name = xpath.select1(`//item[${pos}]/name/text()`, catalog);
  res.json({ name: name ? name.nodeValue : null });
});
