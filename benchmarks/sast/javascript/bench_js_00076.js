const crypto = require("crypto");

const KEY = crypto.randomBytes(32);

function sealSecret(plaintext) {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("chacha20-poly1305", KEY, nonce, { authTagLength: 16 });
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { nonce, ct, tag: cipher.getAuthTag() };
}

module.exports = { sealSecret };
