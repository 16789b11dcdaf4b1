/**
 * Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * with the workspace's `whsec_` secret. The verifier is what a receiver runs; we test with it too.
 */
import { randomToken, timingSafeEqual } from "../lib/crypto";

const encoder = new TextEncoder();

function secretBytes(secret: string): Uint8Array {
  const base64 = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function hmac(secret: string, content: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secretBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content)));
  return btoa(String.fromCharCode(...signature));
}

/** A new signing secret in the Standard Webhooks format. */
export function newWebhookSecret(): string {
  const bytes = atob(`${randomToken(32).replace(/-/g, "+").replace(/_/g, "/")}=`);
  return `whsec_${btoa(bytes)}`;
}

/** The three headers that sign `body` as message `id` sent at `timestamp` (seconds). */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${await hmac(secret, `${id}.${timestamp}.${body}`)}`,
  };
}

/** True when the headers sign `body` with `secret` and the timestamp is within the tolerance. */
export async function verifyWebhook(
  secret: string,
  headers: Headers,
  body: string,
  toleranceSeconds = 300,
  now = Date.now(),
): Promise<boolean> {
  const id = headers.get("webhook-id");
  const timestamp = Number(headers.get("webhook-timestamp"));
  const signatures = headers.get("webhook-signature");
  if (!id || !signatures || !Number.isInteger(timestamp)) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = encoder.encode(await hmac(secret, `${id}.${timestamp}.${body}`));
  return signatures
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .some((s) => timingSafeEqual(encoder.encode(s.slice(3)), expected));
}
