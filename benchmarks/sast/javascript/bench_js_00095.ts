import express, { Request, Response } from "express";
import knex from "knex";

const db = knex({ client: "pg", connection: process.env.DATABASE_URL });
const app = express();

app.get("/articles", async (req: Request, res: Response) => {
  const sort = String(req.query.sort || "title");
  const rows = await db.raw(`SELECT id, title FROM articles ORDER BY ${sort}`);
  res.json(rows.rows);
});

export default app;
