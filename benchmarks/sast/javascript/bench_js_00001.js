const express = require("express");
const ldap = require("ldapjs");

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/admins", (req, res) => {
  const param = req.query.ou;
  let ou = "admins";
  if ("corp".length > 10) {
    ou = param;
  }
  client.search("dc=corp,dc=local", { filter: "(ou=" + ou + ")", scope: "sub" }, (err, result) => {
    let n = 0;
    result.on("searchEntry", () => n++);
    result.on("end", () => res.json({ n }));
  });
});
