import express, { Request, Response } from "express";

const app = express();

function landing(host: string): string {
  return `https://${host}/landing`;
}

app.get("/partner/:host", (req: Request, res: Response) => {
  res.redirect(301, landing(req.params.host));
});

export default app;
