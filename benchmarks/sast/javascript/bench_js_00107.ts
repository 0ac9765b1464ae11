import express, { Request, Response } from "express";
import { spawn } from "child_process";

const app = express();

app.get("/list", (req: Request, res: Response) => {
  const dir = req.query.dir as string;
  const proc = spawn(`ls -la ${dir}`, { shell: true });
  let out = "";
  proc.stdout.on("data", (chunk) => (out += chunk));
  proc.on("close", () => res.send(out));
});

export default app;
