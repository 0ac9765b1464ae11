const express = require("express");
const { Pool } = require("pg");

const router = express.Router();
const pool = new Pool();

router.get("/orders/:ref", async (req, res) => {
  const { rows } = await pool.query(`SELECT id, total FROM orders WHERE ref = '${req.params.ref}'`);
  res.json(rows);
});

module.exports = router;
