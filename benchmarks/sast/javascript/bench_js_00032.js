const express = require("express");
const ldap = require("ldapjs");

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/directory", (req, res) => {
  const opts = { filter: `(uid=${req.query.user})`, scope: "sub" };
  client.search("ou=people,dc=corp,dc=local", opts, (err, result) => {
    const found = [];
    result.on("searchEntry", (entry) => found.push(entry.objectName));
    result.on("end", () => res.json(found));
  });
});
