const express = require("express");
const { execFile } = require("child_process");

const app = express();

app.get("/ping2", (req, res) => {
  execFile("ping", ["-c", "1", String(req.query.host)], (err, stdout) => {
    res.send({ ok: !err, out: stdout });
  });
});
