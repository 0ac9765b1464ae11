import express, { Request, Response } from "express";
import got from "got";

const app = express();

app.get("/avatar", async (req: Request, res: Response) => {
  const source = String(req.query.src);
  const image = await got(source).buffer();
  res.type("png").send(image);
});

export default app;
