const express = require("express");
const fs = require("fs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");

const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync("users.xml", "utf8"), "text/xml");

app.get("/role", (req, res) => {
  const nodes = xpath.select(`//user[@name='${req.query.name}']/role/text()`, doc);
  res.json(nodes.map((n) => n.nodeValue));
});
