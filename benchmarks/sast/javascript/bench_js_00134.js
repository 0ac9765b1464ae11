const express = require("express");
const yaml = require("js-yaml");

const app = express();
app.use(express.text({ type: "application/yaml" }));

app.post("/workflow", (req, res) => {
  const spec = yaml.safeLoad(req.body);
  res.json({ jobs: Object.keys(spec.jobs || {}) });
});
