/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto. 100,000 iterations is both the floor we
 * want and the ceiling workerd allows; the record keeps the count so it can be raised later.
 */
import { fromBase64Url, timingSafeEqual, toBase64Url } from "../lib/crypto";

const ITERATIONS = 100_000;
const encoder = new TextEncoder();

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFKC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** A self-describing record: `pbkdf2-sha256$100000$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2-sha256$${ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** True when `password` matches `record`; compares in constant time. */
export async function verifyPassword(password: string, record: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = record.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== "pbkdf2-sha256" || !saltText || !hashText || !Number.isInteger(iterations)) return false;
  const actual = await derive(password, fromBase64Url(saltText), iterations);
  return timingSafeEqual(actual, fromBase64Url(hashText));
}

/** A record for no real password: unknown users are checked against it so timing does not tell. */
export const DUMMY_PASSWORD_RECORD = `pbkdf2-sha256$${ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
