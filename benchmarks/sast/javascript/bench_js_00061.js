const express = require("express");
const serialize = require("node-serialize");

const app = express();
app.use(express.json());

function restore(blob) {
  return serialize.unserialize(blob);
}

app.post("/wizard", (req, res) => {
  const saved = { step: 2, state: req.body.state };
  const state = restore(saved.state);
  res.json({ step: saved.step, keys: Object.keys(state) });
});
