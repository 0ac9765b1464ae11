import express, { Request, Response } from "express";
import { readFileSync } from "fs";
import * as xpath from "xpath";
import { DOMParser } from "@xmldom/xmldom";

const app = express();
const settings = new DOMParser().parseFromString(readFileSync("settings.xml", "utf8"), "text/xml");
const KEYS: Record<string, string> = { tz: "timezone", lang: "language" };

app.get("/setting", (req: Request, res: Response) => {
  const key = KEYS[String(req.query.key)] ?? "timezone";
  res.json({ value: String(xpath.select1(`//setting[@key='${key}']/text()`, settings as any)) });
});

export default app;
