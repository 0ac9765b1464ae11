// Test cases for injection.yaml (semgrep --test). Not executed.
const express = require('express');
const cp = require('child_process');
const { execFile, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const http = require('http');
const vm = require('vm');
const ejs = require('ejs');
const xpath = require('xpath');
const app = express();

// ---- SQL injection
app.get('/user', (req, res) => {
  // ruleid: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  db.query("SELECT * FROM users WHERE id = " + req.query.id, (err, rows) => res.json(rows));
  const name = req.body.name;
  const sql = `SELECT * FROM users WHERE name = '${name}'`;
  // ruleid: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  pool.query(sql);
  // ok: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  pool.query('SELECT * FROM users WHERE name = $1', [name]);
  // ok: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  connection.query("SELECT * FROM users WHERE id = " + parseInt(req.query.id, 10));
  // ok: shiftleft.js.sql-injection
  connection.query("SELECT * FROM t WHERE id = " + mysql.escape(req.query.id));
  // ruleid: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  sequelize.query(`UPDATE items SET qty = 0 WHERE sku = '${req.params.sku}'`, { type: QueryTypes.UPDATE });
  // ok: shiftleft.js.sql-injection
  sequelize.query('SELECT * FROM items WHERE sku = :sku', { replacements: { sku: req.params.sku } });
  // ruleid: shiftleft.js.sql-injection
  knex('users').whereRaw("name = '" + req.query.name + "'");
  // ok: shiftleft.js.sql-injection
  knex('users').whereRaw('name = ?', [req.query.name]);
  // ruleid: shiftleft.js.sql-injection
  prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${req.body.email}'`);
  // ok: shiftleft.js.sql-injection
  prisma.$queryRaw(sql`SELECT * FROM "User" WHERE email = ${req.body.email}`);
  // ok: shiftleft.js.sql-injection
  cache.get(req.query.key);
});

function report(db, table) {
  // ruleid: shiftleft.js.sql-string-building
  return db.query("SELECT count(*) FROM " + table);
}

function listQuery(db, col) {
  // ruleid: shiftleft.js.sql-string-building
  return db.query("SELECT " + col + " FROM users WHERE active = 1");
}

function constantQuery(db) {
  // ok: shiftleft.js.sql-string-building
  return db.query("SELECT id FROM users " + "WHERE active = 1");
}

// koa
router.get('/k', async (ctx) => {
  const q = ctx.query.q;
  // ruleid: shiftleft.js.sql-injection, shiftleft.js.sql-string-building
  ctx.body = await client.query("SELECT * FROM docs WHERE title LIKE '%" + q + "%'");
});

// ---- NoSQL injection
app.post('/login', async (req, res) => {
  // ruleid: shiftleft.js.nosql-injection
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  // ok: shiftleft.js.nosql-injection
  const user2 = await User.findOne({ username: String(req.body.username) });
  // ok: shiftleft.js.nosql-injection
  const user3 = await User.findOne({ username: { $eq: req.body.username } });
  // ruleid: shiftleft.js.nosql-injection
  const docs = await db.collection('orders').find(req.query).toArray();
  const filter = req.body.filter;
  // ruleid: shiftleft.js.nosql-injection
  await Order.deleteMany(filter);
  // ok: shiftleft.js.nosql-injection
  const first = req.body.items.find((i) => i.id === 1);
  // ok: shiftleft.js.nosql-injection
  await User.findOne({ _id: req.params.id });
  // ok: shiftleft.js.nosql-injection
  await User.findOne({ username: 'admin' });
});

app.get('/search', (req, res) => {
  // ruleid: shiftleft.js.nosql-where-injection
  db.collection('users').find({ $where: "this.name == '" + req.query.name + "'" });
  // ok: shiftleft.js.nosql-where-injection
  db.collection('users').find({ $where: 'this.age > 18' });
  // ruleid: shiftleft.js.nosql-where-injection
  User.find().$where(`this.score > ${req.query.min}`);
  // ok: shiftleft.js.nosql-where-injection
  User.find().$where(`this.score > ${parseInt(req.query.min)}`);
});

// ---- command injection
app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: shiftleft.js.command-injection
  cp.exec('ping -c 1 ' + host, (err, out) => res.send(out));
  // ruleid: shiftleft.js.command-injection
  cp.execSync(`nslookup ${req.params.name}`);
  // ruleid: shiftleft.js.command-injection
  spawn('sh', ['-c', 'ls ' + req.query.dir], { shell: true });
  // ok: shiftleft.js.command-injection
  spawn('ls', ['-la', req.query.dir]);
  // ok: shiftleft.js.command-injection
  execFile('git', ['log', '--format=%H', req.query.ref]);
  // ruleid: shiftleft.js.command-injection
  execFile(req.query.tool, ['--version']);
  // ok: shiftleft.js.command-injection
  cp.exec('uptime');
  // ok: shiftleft.js.command-injection
  const m = /(\d+)/.exec(req.query.n);
  // ok: shiftleft.js.command-injection
  cp.exec('kill ' + parseInt(req.query.pid, 10));
  // ok: shiftleft.js.command-injection
  cp.exec('echo ' + shellescape([req.query.msg]));
});

// ---- code injection
app.post('/calc', (req, res) => {
  // ruleid: shiftleft.js.code-injection
  const r = eval(req.body.expr);
  // ruleid: shiftleft.js.code-injection
  const fn = new Function('x', 'return ' + req.body.formula);
  // ruleid: shiftleft.js.code-injection
  vm.runInNewContext(req.body.code, { Math });
  const script = req.query.s;
  // ruleid: shiftleft.js.code-injection
  new vm.Script(script);
  // ruleid: shiftleft.js.code-injection
  setTimeout('tick(' + req.query.n + ')', 100);
  // ok: shiftleft.js.code-injection
  setTimeout(() => tick(req.query.n), 100);
  // ruleid: shiftleft.js.code-injection
  const plugin = require('./plugins/' + req.query.plugin);
  // ok: shiftleft.js.code-injection
  const data = JSON.parse(req.body.json);
  // ok: shiftleft.js.code-injection
  vm.runInNewContext('a + b', { a: parseInt(req.query.a), b: 2 });
});

// ---- template injection
app.get('/greet', (req, res) => {
  // ruleid: shiftleft.js.template-injection
  res.send(ejs.render('<h1>Hello ' + req.query.name + '</h1>'));
  // ok: shiftleft.js.template-injection
  res.send(ejs.render('<h1>Hello <%= name %></h1>', { name: req.query.name }));
  // ruleid: shiftleft.js.template-injection
  const tpl = Handlebars.compile(req.body.template);
  // ok: shiftleft.js.template-injection
  const tpl2 = Handlebars.compile('{{title}}');
  // ok: shiftleft.js.template-injection
  res.render('profile', { bio: req.body.bio });
});

// ---- ReDoS
app.get('/filter', (req, res) => {
  // ruleid: shiftleft.js.regex-injection
  const re = new RegExp(req.query.pattern);
  // ruleid: shiftleft.js.regex-injection
  const re2 = RegExp('^' + req.query.prefix, 'i');
  // ok: shiftleft.js.regex-injection
  const re3 = new RegExp('^' + _.escapeRegExp(req.query.prefix));
  // ok: shiftleft.js.regex-injection
  const re4 = new RegExp(req.query.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // ok: shiftleft.js.regex-injection
  const re5 = new RegExp('^[a-z]+$');
});

// ---- SSRF
app.get('/proxy', async (req, res) => {
  // ruleid: shiftleft.js.ssrf
  const r1 = await axios.get(req.query.url);
  const target = req.body.webhook;
  // ruleid: shiftleft.js.ssrf
  await fetch(target, { method: 'POST' });
  // ruleid: shiftleft.js.ssrf
  http.get(`http://${req.query.host}/status`, (r) => r.pipe(res));
  // ruleid: shiftleft.js.ssrf
  await axios({ method: 'get', url: req.query.url });
  // ok: shiftleft.js.ssrf
  await axios.get('https://api.example.com/users/' + req.params.id);
  // ok: shiftleft.js.ssrf
  await fetch(`https://api.example.com/search?q=${req.query.q}`);
  const u = 'https://maps.example.com/geo?addr=' + encodeURIComponent(req.query.addr);
  // ok: shiftleft.js.ssrf
  await got(u);
  // ok: shiftleft.js.ssrf
  await fetch('/api/local/' + req.params.id);
  // ok: shiftleft.js.ssrf
  await axios.get(config.backendUrl);
});

// ---- path traversal
app.get('/download', (req, res) => {
  const file = path.join(__dirname, 'uploads', req.query.file);
  // ruleid: shiftleft.js.path-traversal
  fs.readFile(file, (err, data) => res.end(data));
  // ruleid: shiftleft.js.path-traversal
  res.sendFile(path.resolve('public', req.params.name));
  // ok: shiftleft.js.path-traversal
  res.sendFile(req.params.name, { root: path.join(__dirname, 'public') });
  // ok: shiftleft.js.path-traversal
  fs.createReadStream(path.join(__dirname, 'uploads', path.basename(req.query.file))).pipe(res);
  // ruleid: shiftleft.js.path-traversal
  fs.unlinkSync('/tmp/cache/' + req.body.key);
  // ok: shiftleft.js.path-traversal
  fs.readFileSync(path.join(__dirname, 'static', 'index.html'));
});

app.get('/doc', (req, res) => {
  const base = path.resolve('docs');
  const p = path.resolve(base, req.query.p);
  if (!p.startsWith(base + path.sep)) {
    return res.status(403).end();
  }
  // ok: shiftleft.js.path-traversal
  res.sendFile(p);
});

app.get('/doc2', (req, res) => {
  const p = path.normalize(path.join('docs', req.query.p));
  // ruleid: shiftleft.js.path-traversal
  fs.createReadStream(p).pipe(res);
});

// ---- XPath injection
app.post('/auth', (req, res) => {
  // ruleid: shiftleft.js.xpath-injection
  const nodes = xpath.select("//user[name='" + req.body.user + "']", doc);
  // ok: shiftleft.js.xpath-injection
  const all = xpath.select('//user', doc);
  // ok: shiftleft.js.xpath-injection
  const picked = $('#list').select(req.body.user);
});

// ---- LDAP injection
app.get('/ldap', (req, res) => {
  const opts = { filter: `(uid=${req.query.uid})`, scope: 'sub' };
  // ruleid: shiftleft.js.ldap-injection
  client.search('ou=people,dc=example,dc=com', { filter: '(cn=' + req.query.cn + ')', scope: 'sub' }, cb);
  // ok: shiftleft.js.ldap-injection
  client.search('ou=people,dc=example,dc=com', { filter: '(cn=' + ldapEscape(req.query.cn) + ')' }, cb);
  // ok: shiftleft.js.ldap-injection
  client.search('ou=people,dc=example,dc=com', { filter: '(objectClass=person)' }, cb);
});

// ---- prototype pollution
app.post('/settings', (req, res) => {
  const { section, key, value } = req.body;
  // ruleid: shiftleft.js.prototype-pollution-assignment
  settings[section][key] = value;
  // ok: shiftleft.js.prototype-pollution-assignment
  settings.ui[key] = value;
  const s2 = req.body.section;
  if (s2 === '__proto__' || s2 === 'constructor') {
    return res.status(400).end();
  }
  // ok: shiftleft.js.prototype-pollution-assignment
  settings[s2][key] = value;
});

function deepMerge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object' && source[key] !== null) {
      if (!target[key]) target[key] = {};
      // ruleid: shiftleft.js.prototype-pollution-merge
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function safeMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (typeof source[key] === 'object') {
      // ok: shiftleft.js.prototype-pollution-merge
      safeMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
}

function walk(tree, visit) {
  for (const k in tree) {
    // ok: shiftleft.js.prototype-pollution-merge
    walk(tree[k].children, visit);
  }
}

// ---- log injection
app.post('/login2', (req, res) => {
  // ruleid: shiftleft.js.log-injection
  console.log('login attempt for ' + req.body.username);
  // ruleid: shiftleft.js.log-injection
  logger.warn(`bad token from ${req.headers['x-forwarded-for']}`);
  // ok: shiftleft.js.log-injection
  logger.info({ user: req.body.username }, 'login attempt');
  // ok: shiftleft.js.log-injection
  console.log('login attempt for ' + req.body.username.replace(/[\r\n]/g, ''));
  // ok: shiftleft.js.log-injection
  console.log('login attempt');
});
