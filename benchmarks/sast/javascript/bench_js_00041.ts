import express, { Request, Response } from "express";
import { createHash } from "crypto";

const app = express();
app.use(express.json());
const pins = new Map<string, string>();

app.post("/pin", (req: Request, res: Response) => {
  const algo = "md5";
  pins.set(req.body.user, createHash(algo).update(String(req.body.pin)).digest("base64"));
  res.json({ ok: true });
});

export default app;
