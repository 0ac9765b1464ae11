const crypto = require("crypto");

function hashPassword(password) {
  return crypto.createHash("sha1").update(password, "utf8").digest("hex");
}

async function createUser(db, email, password) {
  await db.query("INSERT INTO users (email, pw) VALUES ($1, $2)", [email, hashPassword(password)]);
}

module.exports = { createUser };
