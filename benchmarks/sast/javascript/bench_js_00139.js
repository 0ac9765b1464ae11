const express = require("express");
const yaml = require("js-yaml");

const app = express();
app.use(express.text({ type: "application/yaml" }));

app.post("/settings", (req, res) => {
  const settings = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json({ count: Object.keys(settings || {}).length });
});
