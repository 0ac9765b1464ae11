const express = require("express");
const { XMLParser } = require("fast-xml-parser");

const app = express();
app.use(express.text({ type: "application/xml" }));

app.post("/orders", (req, res) => {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(req.body);
  res.json({ orders: parsed.orders });
});
