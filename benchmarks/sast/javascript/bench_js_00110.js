const express = require("express");

const app = express();
app.use(express.json());

function compileRule(source) {
  return new Function("order", "return " + source + ";");
}

app.post("/discount", (req, res) => {
  const rule = compileRule(req.body.formula);
  res.json({ applies: Boolean(rule({ total: req.body.total })) });
});
