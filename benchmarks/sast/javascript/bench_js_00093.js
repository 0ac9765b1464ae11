const express = require("express");
const vm = require("vm");

const app = express();
app.use(express.text());

app.post("/sandbox", (req, res) => {
  const sandbox = { result: null };
  vm.runInNewContext(req.body, sandbox, { timeout: 100 });
  res.json({ result: sandbox.result });
});
