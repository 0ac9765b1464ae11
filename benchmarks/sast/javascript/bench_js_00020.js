const express = require("express");

const app = express();

app.get("/user-card/:id", async (req, res) => {
  const id = Number.parseInt(req.params.id, 10);
  if (!Number.isInteger(id)) return res.status(400).end();
  const resp = await fetch(`https://api.example.com/users/${id}`);
  res.json(await resp.json());
});
