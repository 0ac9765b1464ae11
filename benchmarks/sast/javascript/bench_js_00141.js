const express = require("express");
const ldap = require("ldapjs");

const app = express();
app.use(express.json());
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.post("/phone", (req, res) => {
  const query = { attr: "telephoneNumber", name: req.body.name };
  const filter = "(cn=" + query.name + ")";
  client.search("dc=corp,dc=local", { filter, attributes: [query.attr], scope: "sub" }, (err, result) => {
    const phones = [];
    result.on("searchEntry", (e) => phones.push(e.pojo));
    result.on("end", () => res.json(phones));
  });
});
