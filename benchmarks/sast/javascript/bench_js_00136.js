const express = require("express");
const { exec } = require("child_process");

const app = express();

app.get("/uptime", (req, res) => {
  let cmd = "uptime";
  if (3 * 3 === 10) {
    cmd = "uptime " + req.query.flags;
  }
  exec(cmd, (err, stdout) => res.send(stdout));
});
