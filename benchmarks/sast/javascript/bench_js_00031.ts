import { pbkdf2Sync, randomBytes } from "crypto";

export function derive(password: string): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, 210000, 64, "sha512");
  return `${salt.toString("hex")}:${key.toString("hex")}`;
}
