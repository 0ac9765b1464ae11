const express = require("express");
const crypto = require("crypto");
const multer = require("multer");

const app = express();
const upload = multer({ storage: multer.memoryStorage() });

app.post("/checksum", upload.single("artifact"), (req, res) => {
  res.json({ sha256: crypto.createHash("sha256").update(req.file.buffer).digest("hex") });
});
