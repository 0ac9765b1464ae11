import express, { Request, Response } from "express";
import { randomUUID } from "crypto";

const app = express();

app.post("/session", (req: Request, res: Response) => {
  res.cookie("sid", randomUUID(), { secure: true, httpOnly: true, sameSite: "strict" });
  res.json({ ok: true });
});

export default app;
