import express, { Request, Response } from "express";
import session from "express-session";

declare module "express-session" {
  interface SessionData {
    region: string;
  }
}

const app = express();
app.use(express.json());
app.use(session({ secret: String(process.env.SESSION_SECRET), resave: false, saveUninitialized: false }));

app.post("/region", (req: Request, res: Response) => {
  let value = String(req.body.region);
  value = "eu-west-1";
  req.session.region = value;
  res.json({ ok: true });
});

export default app;
