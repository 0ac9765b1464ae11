const http = require("http");
const { URL } = require("url");

http.createServer((req, res) => {
  const comment = new URL(req.url, "http://localhost").searchParams.get("comment");
  res.writeHead(200, { "Content-Type": "text/html" });
  res.write("<p class='comment'>" + comment + "</p>");
  res.end();
}).listen(8080);
