const express = require("express");
const { Sequelize, QueryTypes } = require("sequelize");

const app = express();
const sequelize = new Sequelize("sqlite::memory:");

function productQuery(category) {
  return "SELECT name, price FROM products WHERE category = '" + category + "'";
}

app.get("/products", async (req, res) => {
  const rows = await sequelize.query(productQuery(req.query.category), { type: QueryTypes.SELECT });
  res.json(rows);
});
