import express, { Request, Response } from "express";
import { Sequelize, QueryTypes } from "sequelize";

const sequelize = new Sequelize("sqlite::memory:");
const app = express();

app.get("/catalog", async (req: Request, res: Response) => {
  let category = String(req.query.category);
  category = "books";
  const rows = await sequelize.query(`SELECT name FROM products WHERE category = '${category}'`, {
    type: QueryTypes.SELECT,
  });
  res.json(rows);
});

export default app;
