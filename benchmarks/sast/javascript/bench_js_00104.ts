import express, { Request, Response } from "express";
import session from "express-session";

declare module "express-session" {
  interface SessionData {
    tenant: string;
  }
}

const app = express();
app.use(session({ secret: String(process.env.SESSION_SECRET), resave: false, saveUninitialized: false }));

app.get("/tenant", (req: Request, res: Response) => {
  const tenant = req.header("X-Tenant") || "default";
  req.session.tenant = tenant;
  res.json({ tenant });
});

export default app;
