import express, { Request, Response } from "express";

const app = express();

app.get("/legacy", (req: Request, res: Response) => {
  let bar = String(req.query.url);
  bar = "/new-home/";
  res.redirect(bar);
});

export default app;
