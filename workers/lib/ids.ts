/**
 * Prefixed, time-sortable ids (`job_01j…`): 48 bits of milliseconds then 80 random bits, in
 * Crockford base32, so ids sort by creation time and cursors can compare them as strings.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix =
  | "usr"
  | "cred"
  | "rt"
  | "fam"
  | "ws"
  | "key"
  | "prj"
  | "job"
  | "art"
  | "use"
  | "req"
  | "bat"
  | "dgm"
  | "trn"
  | "whd"
  | "msg"
  | "vid"
  | "dsh"
  | "rol"
  | "aud"
  | "alr"
  | "ach"
  | "inc"
  | "ntf"
  | "exp"
  | "inv"
  | "cmt"
  | "mail"
  | "dlj"
  | "chg"
  | "evt"
  | "idn"
  | "emv"
  | "gls";

/** A new id with the given prefix, e.g. `newId("ws")` → `ws_01jd…` (26 characters after `_`). */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = "";
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let rest = "";
  for (let i = 0; i < 16; i++) rest += ALPHABET[random[i]! % 32];
  return `${prefix}_${time}${rest}`;
}

/** A zod-ready pattern for an id with the given prefix. */
export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`);
}
