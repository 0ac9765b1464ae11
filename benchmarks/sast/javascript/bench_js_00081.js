const express = require("express");
const crypto = require("crypto");

const app = express();
app.use(express.json());

app.post("/notes", (req, res) => {
  const cipher = crypto.createCipher("aes192", process.env.NOTE_PASSWORD || "dev-password");
  const sealed = cipher.update(req.body.note, "utf8", "hex") + cipher.final("hex");
  res.json({ sealed });
});
