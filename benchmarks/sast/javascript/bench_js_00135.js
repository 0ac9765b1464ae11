const express = require("express");
const path = require("path");

const app = express();
const UPLOADS = "/srv/uploads";

app.get("/files/:file", (req, res) => {
  res.sendFile(path.join(UPLOADS, req.params.file));
});
