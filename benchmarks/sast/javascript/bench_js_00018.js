const http = require("http");
const libxmljs = require("libxmljs");

http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const doc = libxmljs.parseXmlString(body, { noent: true });
    res.end(String(doc.find("//order").length));
  });
}).listen(8081);
