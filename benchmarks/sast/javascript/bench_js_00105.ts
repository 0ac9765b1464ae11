import express, { Request, Response } from "express";
import multer from "multer";
import * as libxmljs from "libxmljs";

const app = express();
const upload = multer({ storage: multer.memoryStorage() });

app.post("/config", upload.single("config"), (req: Request, res: Response) => {
  const text = req.file ? req.file.buffer.toString("utf8") : "";
  const options = { noent: true, nonet: false };
  const doc = libxmljs.parseXml(text, options);
  res.json({ name: doc.get("//name")?.text() });
});

export default app;
