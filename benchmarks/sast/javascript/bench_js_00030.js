const express = require("express");
const fs = require("fs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");

const app = express();
const doc = new DOMParser().parseFromString(fs.readFileSync("users.xml", "utf8"), "text/xml");

app.get("/role-safe", (req, res) => {
  const nodes = xpath
    .parse("//user[@name=$name]/role/text()")
    .select({ node: doc, variables: { name: String(req.query.name) } });
  res.json(nodes.map((n) => n.nodeValue));
});
