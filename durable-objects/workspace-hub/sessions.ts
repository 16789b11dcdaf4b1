/**
 * What the hub remembers about each socket, kept small and versioned in the socket's attachment
 * so it survives hibernation, and which events a socket's subscriptions let through.
 */
import type { Holder } from "../../workers/workspaces/principal";
import type { ClientMessage, HubEvent, Scope, ServerMessage } from "./protocol";

export interface SocketSession {
  v: 1;
  userId: string;
  /** The API key id when the socket authenticated with a key. */
  keyId: string | null;
  role: string;
  subscriptions: Scope[];
  /** Invalid frames so far; past the limit the socket is closed with 1008. */
  strikes: number;
  connectedAt: number;
}

export const MAX_STRIKES = 10;
/** Subscriptions one socket may hold (the `all` scope counts). */
export const MAX_SUBSCRIPTIONS = 50;

/** A new socket's session: it starts subscribed to everything the holder may read. */
export function newSession(holder: Holder, role: string): SocketSession {
  return { v: 1, ...holder, role, subscriptions: [{ kind: "all" }], strikes: 0, connectedAt: Date.now() };
}

function sameScope(a: Scope, b: Scope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Adds a subscription unless it is already there. */
export function subscribe(session: SocketSession, scope: Scope): SocketSession {
  return session.subscriptions.some((s) => sameScope(s, scope))
    ? session
    : { ...session, subscriptions: [...session.subscriptions, scope] };
}

export function unsubscribe(session: SocketSession, scope: Scope): SocketSession {
  return { ...session, subscriptions: session.subscriptions.filter((s) => !sameScope(s, scope)) };
}

/** Applies a subscribe or unsubscribe frame; past the limit, the error to answer with instead. */
export function changeSubscriptions(
  session: SocketSession,
  message: Extract<ClientMessage, { type: "subscribe" | "unsubscribe" }>,
): SocketSession | Extract<ServerMessage, { type: "error" }> {
  const next = message.type === "subscribe" ? subscribe(session, message.scope) : unsubscribe(session, message.scope);
  // Each subscription lives in the socket's attachment and is checked on every event: keep them few.
  if (next.subscriptions.length <= MAX_SUBSCRIPTIONS) return next;
  const text = `At most ${MAX_SUBSCRIPTIONS} subscriptions per socket.`;
  return { type: "error", id: message.id, code: "too_many_subscriptions", message: text };
}

/** True when one of the socket's subscriptions covers the event. Workspace-wide events reach everyone. */
export function wants(session: SocketSession, event: HubEvent): boolean {
  if (!("jobId" in event)) return true;
  return session.subscriptions.some(
    (s) =>
      s.kind === "all" ||
      (s.kind === "job" && s.jobId === event.jobId) ||
      (s.kind === "project" && s.projectId === event.projectId),
  );
}
