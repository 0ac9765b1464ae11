import express, { Request, Response } from "express";
import { readFileSync } from "fs";
import * as xpath from "xpath";
import { DOMParser } from "@xmldom/xmldom";

const app = express();
app.use(express.json());
const accounts = new DOMParser().parseFromString(readFileSync("accounts.xml", "utf8"), "text/xml");

app.post("/login", (req: Request, res: Response) => {
  const creds = [req.body.user, req.body.pin];
  const expr = `//account[user='${creds[0]}' and pin='${creds[1]}']`;
  res.json({ ok: xpath.select(expr, accounts as any).length > 0 });
});

export default app;
