import express, { Request, Response } from "express";
import { exec } from "child_process";

const app = express();

app.get("/seq", (req: Request, res: Response) => {
  const count = Number.parseInt(String(req.query.n), 10);
  if (!Number.isInteger(count)) {
    res.status(400).end();
    return;
  }
  exec(`seq ${count}`, (err, stdout) => res.send(stdout));
});

export default app;
