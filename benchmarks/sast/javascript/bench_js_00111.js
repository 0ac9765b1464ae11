const express = require("express");
const axios = require("axios");

const app = express();
const ALLOWED_HOSTS = new Set(["images.example.com", "cdn.example.com"]);

app.get("/proxy-image", async (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.url));
  } catch {
    return res.status(400).end();
  }
  if (target.protocol !== "https:" || !ALLOWED_HOSTS.has(target.hostname)) {
    return res.status(400).json({ error: "host not allowed" });
  }
  const resp = await axios.get(target.href, { responseType: "arraybuffer" });
  res.send(resp.data);
});
