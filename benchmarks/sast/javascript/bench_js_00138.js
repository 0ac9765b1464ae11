const express = require("express");
const libxmljs2 = require("libxmljs2");

const app = express();
app.use(express.text({ type: "*/xml" }));

app.post("/catalog", (req, res) => {
  const doc = libxmljs2.parseXmlString(req.body, { noent: false, nonet: true });
  res.json({ products: doc.find("//product").length });
});
