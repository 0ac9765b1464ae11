import express, { Request, Response } from "express";
import * as crypto from "crypto";

const app = express();
app.use(express.text());
const STREAM_KEY = crypto.randomBytes(16);

app.post("/obfuscate", (req: Request, res: Response) => {
  const cipher = crypto.createCipheriv("rc4", STREAM_KEY, null);
  res.send(Buffer.concat([cipher.update(req.body), cipher.final()]).toString("hex"));
});

export default app;
