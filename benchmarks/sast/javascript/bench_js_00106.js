const express = require("express");
const ldap = require("ldapjs");
const ldapEscape = require("ldap-escape");

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/directory-safe", (req, res) => {
  const filter = ldapEscape.filter`(uid=${req.query.user})`;
  client.search("ou=people,dc=corp,dc=local", { filter, scope: "sub" }, (err, result) => {
    const found = [];
    result.on("searchEntry", (entry) => found.push(entry.objectName));
    result.on("end", () => res.json(found));
  });
});
