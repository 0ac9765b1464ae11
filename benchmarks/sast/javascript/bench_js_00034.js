const express = require("express");
const childProcess = require("child_process");

const app = express();

function history(branch) {
  return childProcess.execSync("git log --oneline " + branch).toString();
}

app.get("/history/:branch", (req, res) => {
  res.type("text/plain").send(history(req.params.branch));
});
