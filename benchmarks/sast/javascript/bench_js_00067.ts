import express, { Request, Response } from "express";

const app = express();
const FILES: Record<string, string> = {
  terms: "/srv/legal/terms.pdf",
  privacy: "/srv/legal/privacy.pdf",
};

app.get("/legal", (req: Request, res: Response) => {
  const key = String(req.query.doc);
  res.sendFile(FILES[key] ?? FILES.terms);
});

export default app;
