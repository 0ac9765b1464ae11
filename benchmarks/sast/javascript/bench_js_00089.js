const express = require("express");
const ldap = require("ldapjs");

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

function mailFilter(mail) {
  return "(&(objectClass=person)(mail=" + mail + "))";
}

app.get("/by-mail", (req, res) => {
  client.search("dc=corp,dc=local", { filter: mailFilter(req.query.mail), scope: "sub" }, (err, result) => {
    let n = 0;
    result.on("searchEntry", () => n++);
    result.on("end", () => res.json({ n }));
  });
});
