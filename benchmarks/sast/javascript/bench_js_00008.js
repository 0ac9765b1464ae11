const crypto = require("crypto");

const KEY = crypto.scryptSync(process.env.CARD_SECRET || "dev", "salt", 32);

function sealCard(pan) {
  const cipher = crypto.createCipheriv("aes-256-ecb", KEY, null);
  return Buffer.concat([cipher.update(pan, "utf8"), cipher.final()]).toString("base64");
}

module.exports = { sealCard };
