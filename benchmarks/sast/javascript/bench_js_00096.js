const express = require("express");
const yaml = require("js-yaml");

const app = express();
app.use(express.text({ type: "application/yaml" }));

app.post("/pipeline", (req, res) => {
  const spec = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json({ stages: (spec.stages || []).length });
});
