// Test cases for crypto.yaml (semgrep --test). Not executed.
const crypto = require('crypto');
const CryptoJS = require('crypto-js');
const jwt = require('jsonwebtoken');
const bcrypt = require('bcrypt');
const md5 = require('md5');

// ---- ciphers
function encrypt(key, iv, data) {
  // ruleid: shiftleft.js.weak-cipher
  const c1 = crypto.createCipheriv('des-cbc', key, iv);
  // ruleid: shiftleft.js.weak-cipher
  const c2 = crypto.createCipheriv('aes-128-ecb', key, null);
  // ruleid: shiftleft.js.weak-cipher
  const c3 = crypto.createCipheriv('rc4', key, '');
  // ok: shiftleft.js.weak-cipher
  const c4 = crypto.createCipheriv('aes-256-gcm', key, iv);
  // ok: shiftleft.js.weak-cipher
  const c5 = crypto.createCipheriv(config.algorithm, key, iv);
  // ruleid: shiftleft.js.weak-cipher
  const e1 = CryptoJS.TripleDES.encrypt(data, key);
  // ruleid: shiftleft.js.weak-cipher
  const e2 = CryptoJS.AES.encrypt(data, key, { mode: CryptoJS.mode.ECB });
  // ok: shiftleft.js.weak-cipher
  const e3 = CryptoJS.AES.encrypt(data, key, { iv, mode: CryptoJS.mode.CBC });
  // ruleid: shiftleft.js.crypto-create-cipher
  const old = crypto.createCipher('aes-256-cbc', password);
  // ok: shiftleft.js.crypto-create-cipher
  const own = createCipher(key, 64, true);
  // ok: shiftleft.js.crypto-create-cipher
  const modern = crypto.createCipheriv('aes-256-cbc', key, iv);
}

// ---- hashes
function digest(buf, user) {
  // ruleid: shiftleft.js.weak-hash
  const a = crypto.createHash('md5').update(buf).digest('hex');
  // ruleid: shiftleft.js.weak-hash
  const b = crypto.createHash('sha1');
  // ok: shiftleft.js.weak-hash
  const c = crypto.createHash('sha256').update(buf).digest('hex');
  // ok: shiftleft.js.weak-hash
  const d = crypto.createHmac('sha1', process.env.KEY);
  // ruleid: shiftleft.js.weak-hash
  const e = CryptoJS.MD5(buf).toString();
  // ruleid: shiftleft.js.weak-hash
  const f = md5(buf);
  // ruleid: shiftleft.js.weak-hash, shiftleft.js.password-fast-hash
  const stored = crypto.createHash('md5').update(user.password).digest('hex');
  // ruleid: shiftleft.js.password-fast-hash
  const stored2 = crypto.createHash('sha256').update(salt + req.body.password).digest('hex');
  // ok: shiftleft.js.password-fast-hash
  const check = crypto.createHash('sha256').update(user.passwordResetToken).digest('hex');
  // ok: shiftleft.js.password-fast-hash
  crypto.scrypt(user.password, salt, 64, (err, derived) => {});
}

// ---- randomness
// ruleid: shiftleft.js.weak-random
const resetToken = Math.random().toString(36).slice(2);
// ruleid: shiftleft.js.weak-random
user.sessionId = Math.floor(Math.random() * 1e16).toString(16);
function generateApiKey() {
  let out = '';
  // ruleid: shiftleft.js.weak-random
  for (let i = 0; i < 32; i++) out += CHARS[Math.floor(Math.random() * CHARS.length)];
  return out;
}
// ok: shiftleft.js.weak-random
const jitter = Math.random() * 100;
// ok: shiftleft.js.weak-random
const tokenLength = Math.floor(Math.random() * 10);
// ok: shiftleft.js.weak-random
const csrfToken = crypto.randomBytes(32).toString('hex');
function shuffle(list) {
  // ok: shiftleft.js.weak-random
  return list.sort(() => Math.random() - 0.5);
}
// ruleid: shiftleft.js.pseudo-random-bytes
const nonce = crypto.pseudoRandomBytes(16);
// ok: shiftleft.js.pseudo-random-bytes
const nonce2 = crypto.randomBytes(16);

// ---- keys and IVs
function seal(data) {
  // ruleid: shiftleft.js.hardcoded-crypto-key
  const c = crypto.createCipheriv('aes-256-cbc', ' 0123456789abcdef0123456789abcdef', iv);
  // ruleid: shiftleft.js.hardcoded-crypto-key
  const c2 = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));
  // ruleid: shiftleft.js.hardcoded-crypto-key
  const h = crypto.createHmac('sha256', 'my-hmac-secret');
  // ruleid: shiftleft.js.hardcoded-crypto-key
  const e = CryptoJS.AES.encrypt(data, 'static passphrase');
  // ok: shiftleft.js.hardcoded-crypto-key
  const c3 = crypto.createCipheriv('aes-256-gcm', Buffer.from(process.env.KEY, 'hex'), crypto.randomBytes(12));
  // ok: shiftleft.js.hardcoded-crypto-key
  const h2 = crypto.createHmac('sha256', secret);
}

// ---- key derivation and key size
// ruleid: shiftleft.js.pbkdf2-low-iterations
crypto.pbkdf2Sync(password, salt, 1000, 32, 'sha256');
// ok: shiftleft.js.pbkdf2-low-iterations
crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');
// ruleid: shiftleft.js.bcrypt-low-rounds
bcrypt.hash(password, 6);
// ok: shiftleft.js.bcrypt-low-rounds
bcrypt.hash(password, 12);
// ruleid: shiftleft.js.weak-rsa-key
crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
// ok: shiftleft.js.weak-rsa-key
crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });

// ---- JWT
// ruleid: shiftleft.js.jwt-none-algorithm
jwt.verify(token, key, { algorithms: ['RS256', 'none'] });
// ruleid: shiftleft.js.jwt-none-algorithm
jwt.sign(payload, '', { algorithm: 'none' });
// ok: shiftleft.js.jwt-none-algorithm
jwt.verify(token, publicKey, { algorithms: ['RS256'] });

function currentUser(req) {
  // ruleid: shiftleft.js.jwt-decode-without-verify
  const claims = jwt.decode(req.headers.authorization.split(' ')[1]);
  return claims.sub;
}

function currentUserChecked(req) {
  const raw = req.headers.authorization.split(' ')[1];
  const verified = jwt.verify(raw, process.env.JWT_KEY, { algorithms: ['HS256'] });
  // ok: shiftleft.js.jwt-decode-without-verify
  const header = jwt.decode(raw, { complete: true }).header;
  return verified.sub;
}

// ruleid: shiftleft.js.jwt-hardcoded-secret
const t1 = jwt.sign({ sub: user.id }, 'supersecret123', { expiresIn: '1h' });
// ok: shiftleft.js.jwt-hardcoded-secret
const t2 = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
// ruleid: shiftleft.js.jwt-hardcoded-secret, shiftleft.js.hardcoded-secret
app.use(expressjwt({ secret: 'shhhhhhared-secret', algorithms: ['HS256'] }));

// ---- hard-coded secrets
// ruleid: shiftleft.js.hardcoded-secret
const DB_PASSWORD = 'Tr0ub4dor&3x';
const config = {
  // ruleid: shiftleft.js.hardcoded-secret
  apiKey: 'AKfa93Jf02kdlQ0zP',
  // ok: shiftleft.js.hardcoded-secret
  password: process.env.DB_PASSWORD,
  // ok: shiftleft.js.hardcoded-secret
  passwordField: 'password_confirmation',
  // ok: shiftleft.js.hardcoded-secret
  secret: '<your-secret-here>',
  // ok: shiftleft.js.hardcoded-secret
  password: 'Enter your password',
};
// ok: shiftleft.js.hardcoded-secret
const PASSWORD_MIN = 'eight';
