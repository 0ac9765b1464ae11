const express = require("express");
const libxmljs2 = require("libxmljs2");

const app = express();
app.use(express.text({ type: "*/xml" }));

function loadFeed(xml) {
  return libxmljs2.parseXmlString(xml, { noent: true, dtdload: true, nonet: false });
}

app.post("/feeds", (req, res) => {
  const doc = loadFeed(req.body);
  res.json({ title: doc.get("//title").text() });
});
