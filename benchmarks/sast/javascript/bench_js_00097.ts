import express, { Request, Response } from "express";
import { promises as fsp } from "fs";
import * as path from "path";

const app = express();
app.use(express.text());
const BASE = "/srv/notes";

function notePath(name: string): string {
  return path.resolve(BASE, name);
}

app.put("/notes/:name", async (req: Request, res: Response) => {
  await fsp.writeFile(notePath(req.params.name), req.body);
  res.status(204).end();
});

export default app;
