import express, { Request, Response } from "express";

const app = express();
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function sessionId(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  }
  return out;
}

app.post("/login", (req: Request, res: Response) => {
  res.cookie("sid", sessionId(40), { secure: true, httpOnly: true });
  res.json({ ok: true });
});

export default app;
