const express = require("express");
const multer = require("multer");
const { spawn } = require("child_process");

const app = express();
const upload = multer({ dest: "/tmp/uploads" });

app.post("/thumbnail", upload.single("image"), (req, res) => {
  const child = spawn("sh", ["-c", "convert " + req.file.originalname + " -resize 64x64 thumb.png"]);
  child.on("close", (code) => res.json({ code }));
});
