// Test cases for express.yaml (semgrep --test). Not executed.
const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');
const cors = require('cors');
const escapeHtml = require('escape-html');
const Handlebars = require('handlebars');

// ruleid: shiftleft.js.express-helmet-missing
const app = express();

// ---- reflected XSS
app.get('/hello', (req, res) => {
  // ruleid: shiftleft.js.express-xss
  res.send('<h1>Hello ' + req.query.name + '</h1>');
  const msg = `<p>${req.params.msg}</p>`;
  // ruleid: shiftleft.js.express-xss
  res.status(200).send(msg);
  // ruleid: shiftleft.js.express-xss
  res.write(req.body.comment);
  // ok: shiftleft.js.express-xss
  res.send('<h1>Hello ' + escapeHtml(req.query.name) + '</h1>');
  // ok: shiftleft.js.express-xss
  res.json({ name: req.query.name });
  // ok: shiftleft.js.express-xss
  res.send('<h1>Hello world</h1>');
  // ok: shiftleft.js.express-xss
  res.send('count: ' + parseInt(req.query.n, 10));
});

app.get('/plain', (req, res) => {
  res.type('text/plain');
  // ok: shiftleft.js.express-xss
  res.send(req.query.q);
});

router.get('/koa', async (ctx) => {
  // ruleid: shiftleft.js.express-xss
  ctx.body = `<div>${ctx.query.q}</div>`;
});

router.get('/koa-json', async (ctx) => {
  // ok: shiftleft.js.express-xss
  ctx.body = { q: ctx.query.q };
});

// ---- open redirect
app.get('/login', (req, res) => {
  // ruleid: shiftleft.js.open-redirect
  res.redirect(req.query.next);
  const back = req.get('referer');
  // ruleid: shiftleft.js.open-redirect
  res.redirect(302, back);
  // ruleid: shiftleft.js.open-redirect
  res.redirect('/' + req.query.path);
  // ruleid: shiftleft.js.open-redirect
  res.writeHead(302, { Location: req.query.to });
  // ok: shiftleft.js.open-redirect
  res.redirect('/home');
  // ok: shiftleft.js.open-redirect
  res.redirect('/users/' + req.params.id);
  // ok: shiftleft.js.open-redirect
  res.redirect('https://accounts.example.com/login?next=' + encodeURIComponent(req.query.next));
  const allowed = ['/home', '/settings'];
  if (allowed.includes(req.query.dest)) {
    // ok: shiftleft.js.open-redirect
    res.redirect(req.query.dest);
  }
});

// ---- view name from the request
app.get('/page', (req, res) => {
  // ruleid: shiftleft.js.render-view-injection
  res.render(req.query.page, { user: req.user });
  // ok: shiftleft.js.render-view-injection
  res.render('page', { title: req.query.title });
});

// ---- Handlebars SafeString
Handlebars.registerHelper('bold', function (text) {
  // ruleid: shiftleft.js.handlebars-safestring
  return new Handlebars.SafeString('<b>' + text + '</b>');
});
Handlebars.registerHelper('bold2', function (text) {
  // ok: shiftleft.js.handlebars-safestring
  return new Handlebars.SafeString('<b>' + Handlebars.escapeExpression(text) + '</b>');
});
Handlebars.registerHelper('hr', function () {
  // ok: shiftleft.js.handlebars-safestring
  return new Handlebars.SafeString('<hr>');
});

// ---- CORS
// ruleid: shiftleft.js.cors-permissive-credentials
app.use(cors({ origin: true, credentials: true }));
// ruleid: shiftleft.js.cors-permissive-credentials
app.use(cors({ credentials: true, origin: '*' }));
// ok: shiftleft.js.cors-permissive-credentials
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
// ok: shiftleft.js.cors-permissive-credentials
app.use(cors({ origin: '*' }));

app.use((req, res, next) => {
  const origin = req.headers.origin;
  // ruleid: shiftleft.js.cors-reflected-origin
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (ALLOWED_ORIGINS.includes(origin)) {
    // ok: shiftleft.js.cors-reflected-origin
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  // ok: shiftleft.js.cors-reflected-origin
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
  // ok: shiftleft.js.cors-reflected-origin
  res.setHeader('Vary', origin);
  next();
});

// ---- cookies
app.post('/signin', (req, res) => {
  // ruleid: shiftleft.js.cookie-missing-secure, shiftleft.js.cookie-missing-httponly
  res.cookie('sid', token);
  // ruleid: shiftleft.js.cookie-missing-secure
  res.cookie('sid', token, { httpOnly: true, maxAge: 3600000 });
  // ruleid: shiftleft.js.cookie-missing-httponly
  res.cookie('sid', token, { secure: true });
  // ruleid: shiftleft.js.cookie-missing-secure
  res.cookie('sid', token, { secure: false, httpOnly: true });
  // ok: shiftleft.js.cookie-missing-secure, shiftleft.js.cookie-missing-httponly
  res.cookie('sid', token, { secure: true, httpOnly: true, sameSite: 'lax' });
  // ok: shiftleft.js.cookie-missing-secure, shiftleft.js.cookie-missing-httponly
  res.cookie('sid', token, { secure: process.env.NODE_ENV === 'production', httpOnly: true });
  // ok: shiftleft.js.cookie-missing-secure, shiftleft.js.cookie-missing-httponly
  res.cookie('sid', token, { ...COOKIE_DEFAULTS, maxAge: 1000 });
  // ok: shiftleft.js.cookie-missing-secure, shiftleft.js.cookie-missing-httponly
  res.clearCookie('sid');
});

// ---- sessions
app.use(
  // ruleid: shiftleft.js.session-cookie-insecure, shiftleft.js.session-hardcoded-secret
  session({
    secret: 'keyboard cat',
    resave: false,
  }),
);
app.use(
  // ruleid: shiftleft.js.session-cookie-insecure
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: false, maxAge: 60000 } }),
);
app.use(
  // ok: shiftleft.js.session-cookie-insecure, shiftleft.js.session-hardcoded-secret
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true } }),
);
app.use(
  // ok: shiftleft.js.session-cookie-insecure
  session({ secret: process.env.SESSION_SECRET, cookie: { secure: 'auto' } }),
);
// ruleid: shiftleft.js.session-cookie-insecure
app.use(cookieSession({ name: 'session', keys: [process.env.K1] }));
// ok: shiftleft.js.session-cookie-insecure
app.use(cookieSession({ name: 'session', keys: [process.env.K1], secure: true }));
// ruleid: shiftleft.js.session-hardcoded-secret
app.use(cookieParser('s3cr3t-signing-key'));
// ok: shiftleft.js.session-hardcoded-secret
app.use(cookieParser(process.env.COOKIE_SECRET));

// ---- mass assignment
app.post('/users', async (req, res) => {
  // ruleid: shiftleft.js.mass-assignment
  const user = await User.create(req.body);
  // ruleid: shiftleft.js.mass-assignment
  await User.findByIdAndUpdate(req.params.id, req.body);
  const data = req.body;
  // ruleid: shiftleft.js.mass-assignment
  Object.assign(user, data);
  // ruleid: shiftleft.js.mass-assignment
  const doc = new Account(req.body);
  // ok: shiftleft.js.mass-assignment
  await User.create({ name: req.body.name, email: req.body.email });
  // ok: shiftleft.js.mass-assignment
  const copy = Object.assign({}, req.body);
  // ok: shiftleft.js.mass-assignment
  res.json(req.body);
});

function secured() {
  // ok: shiftleft.js.express-helmet-missing
  const api = express();
  api.use(helmet());
  return api;
}
