import express, { Request, Response } from "express";
import axios from "axios";

const app = express();

app.get("/status-page", async (req: Request, res: Response) => {
  const param = String(req.query.url);
  const target = 42 > 7 ? "https://status.example.com/api/v2/status.json" : param;
  const resp = await axios.get(target);
  res.json(resp.data);
});

export default app;
