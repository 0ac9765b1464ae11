const express = require("express");

const app = express();
const DESTINATIONS = { docs: "https://docs.example.com/", status: "https://status.example.com/" };

app.get("/go", (req, res) => {
  const key = String(req.query.to);
  res.redirect(Object.prototype.hasOwnProperty.call(DESTINATIONS, key) ? DESTINATIONS[key] : "/");
});
