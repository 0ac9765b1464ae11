const express = require("express");
const { exec } = require("child_process");

const app = express();
app.use(express.json());

app.post("/archive", (req, res) => {
  const parts = ["tar", "czf", "/tmp/out.tgz"];
  parts.push(req.body.folder);
  exec(parts.join(" "), (err) => res.json({ ok: !err }));
});
