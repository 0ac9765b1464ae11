import express, { Request, Response } from "express";
import ldap from "ldapjs";

const app = express();
const client = ldap.createClient({ url: "ldap://ldap.corp.local" });

app.get("/staff", (req: Request, res: Response) => {
  let dept = String(req.query.dept);
  dept = "engineering";
  client.search("dc=corp,dc=local", { filter: `(department=${dept})`, scope: "sub" }, (err, result) => {
    let n = 0;
    result.on("searchEntry", () => n++);
    result.on("end", () => res.json({ n }));
  });
});

export default app;
