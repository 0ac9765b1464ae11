// Test cases for node.yaml (semgrep --test). Not executed.
const { spawn, execFile, exec } = require('child_process');
const serialize = require('node-serialize');
const yaml = require('js-yaml');
const libxmljs = require('libxmljs');
const https = require('https');
const fs = require('fs');
const path = require('path');
const unzipper = require('unzipper');

// ---- eval (kept from the first pack)
function run(expr, name, el) {
  // ruleid: shiftleft.js.eval
  eval(expr);
  // ok: shiftleft.js.eval
  eval("1 + 1");
  // ruleid: shiftleft.js.eval
  setTimeout("run(" + expr + ")", 10);
  // ok: shiftleft.js.eval
  setTimeout(() => run(), 10);
  // ok: shiftleft.js.eval
  setTimeout(done, 10);
  // ruleid: shiftleft.js.eval
  const f = new Function('a', 'b', body);
  // ok: shiftleft.js.eval
  const g = new Function('a', 'b', 'return a + b');
}

// ---- spawn with a shell
function build(target, flags) {
  // ruleid: shiftleft.js.spawn-shell-true
  spawn('make ' + target, { shell: true });
  // ruleid: shiftleft.js.spawn-shell-true
  execFile('tar', ['-czf', target, flags], { shell: true });
  // ok: shiftleft.js.spawn-shell-true
  spawn('make', [target]);
  // ok: shiftleft.js.spawn-shell-true
  spawn('npm install', { shell: true });
  // ok: shiftleft.js.spawn-shell-true
  spawn('make', ['all'], { shell: true });
  // ok: shiftleft.js.spawn-shell-true
  spawn(target, [flags], { shell: false });
}

// ---- exec with a built command
function archive(dir, files) {
  // ruleid: shiftleft.js.child-process-exec-dynamic
  exec('tar -czf out.tgz ' + dir);
  // ruleid: shiftleft.js.child-process-exec-dynamic
  exec(`rm -rf ${dir}/tmp`);
  // ok: shiftleft.js.child-process-exec-dynamic
  exec('git rev-parse HEAD');
  // ok: shiftleft.js.child-process-exec-dynamic
  exec('git log ' + '--oneline');
  // ruleid: shiftleft.js.child-process-exec-dynamic
  exec('du -sh ' + dir + ' | sort');
  // ok: shiftleft.js.child-process-exec-dynamic
  execFile('tar', ['-czf', 'out.tgz', dir]);
  // ok: shiftleft.js.child-process-exec-dynamic
  const m = /x(\d)/.exec('x' + dir);
}

// ---- node-serialize
function restore(cookie) {
  // ruleid: shiftleft.js.node-serialize-unserialize
  const obj = serialize.unserialize(Buffer.from(cookie, 'base64').toString());
  // ok: shiftleft.js.node-serialize-unserialize
  const obj2 = JSON.parse(Buffer.from(cookie, 'base64').toString());
  // ok: shiftleft.js.node-serialize-unserialize
  const s = serialize.serialize({ a: 1 });
  return [obj, obj2, s];
}

// ---- js-yaml
function loadConfig(text) {
  // ruleid: shiftleft.js.js-yaml-unsafe-schema
  const a = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: shiftleft.js.js-yaml-unsafe-schema
  const b = yaml.load(text);
  // ok: shiftleft.js.js-yaml-unsafe-schema
  const c = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  return [a, b, c];
}

// ---- libxmljs XXE
function parse(xml) {
  // ruleid: shiftleft.js.libxmljs-noent
  const doc = libxmljs.parseXml(xml, { noent: true, noblanks: true });
  // ok: shiftleft.js.libxmljs-noent
  const doc2 = libxmljs.parseXml(xml, { noblanks: true });
  // ok: shiftleft.js.libxmljs-noent
  const doc3 = libxmljs.parseXmlString(xml, { noent: false });
  return [doc, doc2, doc3];
}

// ---- TLS verification
// ruleid: shiftleft.js.tls-reject-unauthorized-false
const agent = new https.Agent({ rejectUnauthorized: false });
// ok: shiftleft.js.tls-reject-unauthorized-false
const agent2 = new https.Agent({ rejectUnauthorized: true, ca: fs.readFileSync('ca.pem') });
// ruleid: shiftleft.js.tls-reject-unauthorized-false
request({ url: 'https://internal', strictSSL: false });
// ok: shiftleft.js.tls-reject-unauthorized-false
const opts = { keepAlive: true };

// ruleid: shiftleft.js.node-tls-reject-unauthorized-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
// ruleid: shiftleft.js.node-tls-reject-unauthorized-env
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;
// ok: shiftleft.js.node-tls-reject-unauthorized-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';

// ---- WebSocket
// ruleid: shiftleft.js.insecure-websocket
const ws = new WebSocket('ws://chat.example.com/socket');
// ok: shiftleft.js.insecure-websocket
const ws2 = new WebSocket('wss://chat.example.com/socket');
// ok: shiftleft.js.insecure-websocket
const ws3 = new WebSocket('ws://localhost:8080/dev');

// ---- Zip Slip
function extract(zipPath, dest) {
  fs.createReadStream(zipPath)
    .pipe(unzipper.Parse())
    .on('entry', (entry) => {
      const target = path.join(dest, entry.path);
      // ruleid: shiftleft.js.zip-slip
      entry.pipe(fs.createWriteStream(target));
    });
}

function extractSafe(zipPath, dest) {
  fs.createReadStream(zipPath)
    .pipe(unzipper.Parse())
    .on('entry', (entry) => {
      const target = path.resolve(dest, entry.path);
      if (!target.startsWith(path.resolve(dest) + path.sep)) {
        entry.autodrain();
        return;
      }
      // ok: shiftleft.js.zip-slip
      entry.pipe(fs.createWriteStream(target));
    });
}

function extractFlat(zip, dest) {
  for (const entry of zip.getEntries()) {
    // ok: shiftleft.js.zip-slip
    fs.writeFileSync(path.join(dest, path.basename(entry.entryName)), entry.getData());
  }
}
