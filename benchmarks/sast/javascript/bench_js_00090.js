const crypto = require("crypto");

const ALGORITHM = "bf-cbc";

function encryptBackup(buffer, key) {
  const iv = crypto.randomBytes(8);
  const cipher = crypto.createCipheriv(ALGORITHM, key, iv);
  return Buffer.concat([iv, cipher.update(buffer), cipher.final()]);
}

module.exports = { encryptBackup };
