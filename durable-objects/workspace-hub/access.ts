/**
 * Who may hold the hub's sockets and streams: single-use tickets naming their holder (a user, or
 * an API key and its creator), and the re-check after a privilege change (workers/workspaces/principal.ts).
 */
import { currentPermissionsOf, type Holder } from "../../workers/workspaces/principal";
import type { SocketSession } from "./sessions";
import type { SseChannels } from "./sse";

const TICKET_TTL_MS = 30_000;

/** The holder the Worker names in its X-Zukai-* headers (only the Worker can reach the hub). */
export function holderOf(headers: Headers): Holder {
  return { userId: headers.get("X-Zukai-User") ?? "", keyId: headers.get("X-Zukai-Key") || null };
}

/** A single-use ticket that lets a browser open the socket without putting a token in the URL. */
export function issueTicket(kv: SyncKvStorage, holder: Holder): { ticket: string; expiresAt: string } {
  const ticket = `tkt_${crypto.randomUUID().replace(/-/g, "")}`;
  const expiresAt = Date.now() + TICKET_TTL_MS;
  kv.put(`ticket:${ticket}`, { userId: holder.userId, keyId: holder.keyId, expiresAt });
  return { ticket, expiresAt: new Date(expiresAt).toISOString() };
}

/** Who a ticket was issued to, once; undefined when unknown, used or expired. */
export function redeemTicket(kv: SyncKvStorage, ticket: string): Holder | undefined {
  const key = `ticket:${ticket}`;
  const stored = kv.get<{ userId: string; keyId?: string | null; expiresAt: number }>(key);
  if (!stored) return undefined;
  kv.delete(key);
  return stored.expiresAt > Date.now() ? { userId: stored.userId, keyId: stored.keyId ?? null } : undefined;
}

/**
 * The sockets whose holder may no longer read jobs, for the hub to close; ends the event streams
 * (when given) whose holder may not either. One D1 round trip for all of them.
 */
export async function revokedHolders(
  env: Env,
  workspaceId: string,
  sockets: [WebSocket, SocketSession][],
  sse?: SseChannels,
): Promise<[WebSocket, SocketSession][]> {
  const streams = sse?.holders() ?? [];
  const allowed = await currentPermissionsOf(env, workspaceId, [
    ...sockets.map(([, s]) => ({ userId: s.userId, keyId: s.keyId })),
    ...streams,
  ]);
  const streamAllowed = new Map(
    streams.map((holder, i) => [holder, allowed[sockets.length + i]?.has("jobs:read") === true]),
  );
  sse?.closeUnless((holder) => streamAllowed.get(holder) ?? false);
  return sockets.filter((_, i) => !allowed[i]?.has("jobs:read"));
}
