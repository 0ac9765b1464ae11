const express = require("express");
const axios = require("axios");

const app = express();

app.get("/books", async (req, res) => {
  const resp = await axios.get("https://api.example.com/books", { params: { q: req.query.q } });
  res.json(resp.data);
});
