const express = require("express");
const fs = require("fs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");

const app = express();
const catalog = new DOMParser().parseFromString(fs.readFileSync("catalog.xml", "utf8"), "text/xml");

function priceQuery(sku) {
  return "//item[sku='" + sku + "']/price/text()";
}

app.get("/price/:sku", (req, res) => {
  const price = xpath.select1(priceQuery(req.params.sku), catalog);
  res.json({ price: price ? price.nodeValue : null });
});
