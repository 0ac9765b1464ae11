const express = require("express");

const app = express();
app.use(express.json());

function deliver(hook) {
  return fetch(hook.target, { method: "POST", body: JSON.stringify({ event: "ping" }) });
}

app.post("/webhooks/test", async (req, res) => {
  const hook = { name: req.body.name, target: req.body.callback };
  const resp = await deliver(hook);
  res.json({ status: resp.status });
});
