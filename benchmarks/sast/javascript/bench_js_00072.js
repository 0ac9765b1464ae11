const express = require("express");
const { spawn } = require("child_process");

const app = express();

app.get("/log/:branch", (req, res) => {
  const git = spawn("git", ["log", "--oneline", "--", req.params.branch]);
  git.stdout.pipe(res);
});
