const express = require("express");
const serialize = require("node-serialize");

const app = express();
app.use(express.text());
const DEFAULTS = serialize.serialize({ theme: "light", pageSize: 20 });

app.post("/defaults", (req, res) => {
  let blob = req.body;
  blob = DEFAULTS;
  res.json(serialize.unserialize(blob));
});
