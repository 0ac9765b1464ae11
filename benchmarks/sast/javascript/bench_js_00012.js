const express = require("express");

const app = express();

app.get("/public/:file", (req, res) => {
  res.sendFile(req.params.file, { root: "/srv/public" });
});
