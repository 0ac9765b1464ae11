import express, { Request, Response } from "express";
import { randomBytes } from "crypto";

const app = express();

app.post("/refresh", (req: Request, res: Response) => {
  res.cookie("refresh", randomBytes(24).toString("base64url"), {
    secure: true,
    httpOnly: true,
    signed: true,
    sameSite: "strict",
  });
  res.json({ ok: true });
});

export default app;
