import express, { Request, Response } from "express";
import ldap from "ldapjs";

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/groups/:member", (req: Request, res: Response) => {
  const member = req.params.member;
  const filter = `(&(objectClass=groupOfNames)(member=uid=${member},ou=people,dc=corp,dc=local))`;
  client.search("ou=groups,dc=corp,dc=local", { filter, scope: "sub" }, (err, result) => {
    const groups: string[] = [];
    result.on("searchEntry", (e) => groups.push(String(e.objectName)));
    result.on("end", () => res.json(groups));
  });
});

export default app;
