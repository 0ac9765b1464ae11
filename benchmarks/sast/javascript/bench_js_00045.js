const express = require("express");
const ldap = require("ldapjs");

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/by-uid", (req, res) => {
  const filter = new ldap.EqualityFilter({ attribute: "uid", value: String(req.query.uid) });
  client.search("ou=people,dc=corp,dc=local", { filter, scope: "sub" }, (err, result) => {
    let n = 0;
    result.on("searchEntry", () => n++);
    result.on("end", () => res.json({ n }));
  });
});
