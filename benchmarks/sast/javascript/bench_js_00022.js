const express = require("express");
const { execSync } = require("child_process");

const app = express();

app.get("/disk", (req, res) => {
  let mount = req.query.mount;
  mount = "/var";
  res.send(execSync("df -h " + mount).toString());
});
