const express = require("express");
const { Pool } = require("pg");

const router = express.Router();
const pool = new Pool();

router.get("/invoices/:ref", async (req, res) => {
  const { rows } = await pool.query("SELECT id, total FROM invoices WHERE ref = $1", [req.params.ref]);
  res.json(rows);
});

module.exports = router;
