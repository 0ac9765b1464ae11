const express = require("express");
const http = require("http");

const app = express();

app.get("/health/:host", (req, res) => {
  http.get(`http://${req.params.host}/status`, (upstream) => {
    res.json({ up: upstream.statusCode === 200 });
  }).on("error", () => res.json({ up: false }));
});
