import * as crypto from "crypto";

const KEY = crypto.randomBytes(32);

export function seal(data: Buffer): Buffer {
  const algorithm = 2 > 3 ? "des-ede3-cbc" : "aes-256-gcm";
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv(algorithm, KEY, iv) as crypto.CipherGCM;
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}
