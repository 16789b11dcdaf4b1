/**
 * What the hub remembers about each socket, kept small and versioned in the socket's attachment
 * so it survives hibernation, and which events a socket's subscriptions let through.
 */
import type { HubEvent, Scope } from "./protocol";

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

function sameScope(a: Scope, b: Scope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Adds a subscription unless it is already there. */
export function subscribe(session: SocketSession, scope: Scope): SocketSession {
  return session.subscriptions.some((s) => sameScope(s, scope)) ? session : { ...session, subscriptions: [...session.subscriptions, scope] };
}

export function unsubscribe(session: SocketSession, scope: Scope): SocketSession {
  return { ...session, subscriptions: session.subscriptions.filter((s) => !sameScope(s, scope)) };
}

/** True when one of the socket's subscriptions covers the event. Workspace-wide events reach everyone. */
export function wants(session: SocketSession, event: HubEvent): boolean {
  if (!("jobId" in event)) return true;
  return session.subscriptions.some(
    (s) => s.kind === "all" || (s.kind === "job" && s.jobId === event.jobId) || (s.kind === "project" && s.projectId === event.projectId),
  );
}
