import express, { Request, Response } from "express";
import * as serialize from "node-serialize";

const app = express();
app.use(express.text());

app.put("/session-state", (req: Request, res: Response) => {
  const obj = serialize.unserialize(req.body);
  res.json({ ok: typeof obj === "object" });
});

export default app;
