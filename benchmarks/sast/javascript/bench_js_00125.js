const express = require("express");
const axios = require("axios");

const app = express();

app.get("/preview", async (req, res) => {
  const resp = await axios.get(req.query.url, { timeout: 5000 });
  res.json({ status: resp.status, length: String(resp.data).length });
});
