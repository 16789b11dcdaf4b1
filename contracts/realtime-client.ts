/**
 * A typed client for a workspace's real-time socket (protocol v1), shared by the CLI and the web
 * console. It keeps one socket open: it pings so the hub keeps it, replaces it when pongs stop,
 * reconnects with capped, fully jittered backoff, and resumes with `?since=` so that every event
 * reaches the caller once, in sequence order.
 */
import type { z } from "zod";
import type { ClientMessage, Scope, SequencedEvent, ServerMessage } from "../durable-objects/workspace-hub/protocol";

/** The part of a WebSocket the client uses; the browser's class and the `ws` package's both fit. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drops the TCP connection without waiting for a close handshake from a dead peer. */
  terminate?(): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: SocketEvent) => void): void;
}
export interface SocketEvent {
  type: string;
  data?: unknown;
  code?: number;
  reason?: string;
  message?: string;
}
/** Browsers ignore the third argument; `ws` sends its headers, which is how token auth works in Node. */
export type SocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers: Record<string, string> },
) => SocketLike;

/** Tokens and API keys travel in the Authorization header (Node); browsers need a single-use ticket. */
export type RealtimeAuth = { token: string } | { apiKey: string } | { ticketProvider: () => Promise<string> };
type WithoutId<M> = M extends unknown ? Omit<M, "id"> : never;
/** A request to the hub; the client gives it an id. */
export type RealtimeRequest = WithoutId<Exclude<z.input<typeof ClientMessage>, { type: "ping" }>>;
export type AckMessage = Extract<ServerMessage, { type: "ack" }>;
/** The hub no longer holds what was missed (or its log restarted): reload state over REST. */
export type ResyncNotice =
  | Extract<ServerMessage, { type: "resync" }>
  | { type: "resync"; reason: "seq_went_back"; latestSeq: number };
export type RealtimeStatus =
  | { state: "connecting"; attempt: number }
  | { state: "open"; latestSeq: number }
  | { state: "reconnecting"; attempt: number; delayMs: number; reason: string }
  | { state: "closed"; reason: string };

export const DEFAULT_TIMING = {
  pingIntervalMs: 30_000,
  pongTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
};
export type RealtimeTiming = typeof DEFAULT_TIMING;

export interface RealtimeOptions {
  /** The platform's origin, e.g. https://api.zukai.example (http/https; the socket uses ws/wss). */
  baseUrl: string;
  workspaceId: string;
  auth: RealtimeAuth;
  WebSocket?: SocketConstructor;
  /** Scopes to hold on every connection; without "all" in it, the default "all" is dropped. */
  subscriptions?: Scope[];
  /** Resume after this seq on the first connection (e.g. persisted by a CLI); default: from now. */
  since?: number;
  onEvent(event: SequencedEvent): void;
  onResync?(notice: ResyncNotice): void;
  onStatus?(status: RealtimeStatus): void;
  timing?: Partial<RealtimeTiming>;
}

export interface RealtimeConnection {
  /** Sends a request; resolves with its ack, rejects with a RealtimeRequestError on an error reply or timeout. */
  send(message: RealtimeRequest, timeoutMs?: number): Promise<AckMessage>;
  /** Adds a scope now and on every later reconnection. */
  subscribe(scope: Scope): Promise<AckMessage>;
  /** Closes for good: no reconnection; pending requests are rejected. */
  close(): void;
  /** The seq of the last event handed to onEvent (or the hub's latest at the first welcome). */
  readonly lastSeq: number | undefined;
}

/** An error reply from the hub, or a request that got no reply. */
export class RealtimeRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RealtimeRequestError";
  }
}

/** Full-jitter backoff: uniform in [0, min(cap, base·2^attempt)), so many clients spread out after an outage. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}

/** The socket URL for a workspace, with the resume point and ticket in the query. */
export function realtimeUrl(baseUrl: string, workspaceId: string, query: { since?: number; ticket?: string }): string {
  const url = new URL(`/api/v1/workspaces/${encodeURIComponent(workspaceId)}/ws`, baseUrl);
  url.protocol = url.protocol.replace(/^http/, "ws");
  if (query.since !== undefined) url.searchParams.set("since", String(query.since));
  if (query.ticket) url.searchParams.set("ticket", query.ticket);
  return url.toString();
}

interface Pending {
  frame: string;
  sent: boolean;
  resolve(ack: AckMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}
const sameScope = (a: Scope, b: Scope) => JSON.stringify(a) === JSON.stringify(b);
// Exactly this text: the hub's runtime answers it without waking the Durable Object.
const PING = '{"type":"ping"}';

function socketClass(given: SocketConstructor | undefined): SocketConstructor {
  // Node 20 has no global WebSocket, whatever the DOM typings say.
  const found: SocketConstructor | undefined = given ?? globalThis.WebSocket;
  if (!found)
    throw new Error("No WebSocket implementation here: pass one (e.g. the ws package's) as options.WebSocket.");
  return found;
}

/** Opens the workspace's socket and keeps it open until close(). */
export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const Socket = socketClass(options.WebSocket);
  const scopes = [...(options.subscriptions ?? [])];
  // Requests in the order they were made; unsent ones wait here until the socket is open.
  const pending = new Map<string, Pending>();
  let lastSeq = options.since;
  let socket: SocketLike | undefined;
  let ready = false;
  let closed = false;
  let attempt = 0;
  let nextId = 0;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function open(): Promise<void> {
    options.onStatus?.({ state: "connecting", attempt });
    let url: string;
    let headers: Record<string, string> | undefined;
    try {
      const { auth } = options;
      const ticket = "ticketProvider" in auth ? await auth.ticketProvider() : undefined;
      if (!("ticketProvider" in auth))
        headers = { Authorization: `Bearer ${"token" in auth ? auth.token : auth.apiKey}` };
      url = realtimeUrl(options.baseUrl, options.workspaceId, { since: lastSeq, ticket });
    } catch (error) {
      return scheduleReconnect(`no ticket: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (closed) return;
    const ws = new Socket(url, undefined, headers && { headers });
    socket = ws;
    // A handshake that hangs is as dead as a peer that stops answering pings: the welcome must come in time.
    pongTimer = setTimeout(() => lost(`no welcome within ${timing.pongTimeoutMs} ms`), timing.pongTimeoutMs);
    let failure = "";
    // Events of a socket already replaced are ignored, so a late close cannot tear down its successor.
    ws.addEventListener("message", (event) => socket === ws && onFrame(String(event.data)));
    ws.addEventListener(
      "close",
      (event) =>
        socket === ws &&
        lost(failure || `closed (${event.code ?? "?"}${event.reason ? ` ${event.reason}` : ""})`, event.code),
    );
    // A close follows every error; `ws` says why (e.g. "Unexpected server response: 401"), browsers do not.
    ws.addEventListener("error", (event) => void (failure = event.message ?? ""));
  }

  function onFrame(text: string): void {
    clearTimeout(pongTimer); // any frame proves the peer is alive
    pongTimer = undefined;
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case "welcome":
        welcomed(message.latestSeq);
        return;
      case "pong":
        return;
      case "ack":
      case "error": {
        const request = message.id === undefined ? undefined : pending.get(message.id);
        if (!request || message.id === undefined) return; // an error about no request of ours
        pending.delete(message.id);
        clearTimeout(request.timer);
        if (message.type === "ack") request.resolve(message);
        else request.reject(new RealtimeRequestError(message.code, message.message));
        return;
      }
      case "resync":
        lastSeq = message.latestSeq;
        options.onResync?.(message);
        return;
      default:
        if (typeof message.seq !== "number") return; // a message type newer than this client
        if (lastSeq !== undefined && message.seq <= lastSeq) return; // already delivered: a replay overlapped
        lastSeq = message.seq;
        options.onEvent(message);
    }
  }

  function welcomed(latestSeq: number): void {
    if (lastSeq === undefined) lastSeq = latestSeq;
    else if (latestSeq < lastSeq) {
      // The hub's numbering restarted (its storage was reset): our position means nothing there.
      lastSeq = latestSeq;
      options.onResync?.({ type: "resync", reason: "seq_went_back", latestSeq });
    }
    attempt = 0;
    ready = true;
    pingTimer = setInterval(ping, timing.pingIntervalMs);
    // Subscriptions belong to a socket, so each new one gets them again.
    const resubscribe =
      scopes.some((s) => s.kind === "all") || scopes.length === 0
        ? []
        : [{ type: "unsubscribe" as const, scope: { kind: "all" as const } }];
    for (const request of [...resubscribe, ...scopes.map((scope) => ({ type: "subscribe" as const, scope }))])
      send(request).catch(() => {});
    for (const request of pending.values()) if (!request.sent) transmit(request);
    options.onStatus?.({ state: "open", latestSeq });
  }

  function ping(): void {
    if (!socket || pongTimer) return;
    socket.send(PING);
    pongTimer = setTimeout(() => lost(`no pong within ${timing.pongTimeoutMs} ms`), timing.pongTimeoutMs);
  }

  function transmit(request: Pending): void {
    request.sent = true;
    socket?.send(request.frame);
  }

  /** Lets go of the current socket: politely when we close, abruptly when the peer is dead or gone. */
  function detach(how: "close" | "terminate"): void {
    const old = socket;
    socket = undefined;
    ready = false;
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    pongTimer = undefined;
    try {
      if (how === "terminate" && old?.terminate) old.terminate();
      else old?.close(1000, how === "close" ? "client closed" : "replaced");
    } catch {
      // already closed
    }
  }

  function lost(reason: string, code?: number): void {
    detach("terminate");
    // A request already on the wire may or may not have been applied; only the caller can decide to retry it.
    for (const [id, request] of pending)
      if (request.sent)
        settleWithError(id, request, "connection_lost", `The connection was lost (${reason}) before a reply.`);
    if (code === 4003) {
      shutDown(`removed from the workspace: ${reason}`); // reconnecting would only be refused
      return;
    }
    scheduleReconnect(reason);
  }

  function scheduleReconnect(reason: string): void {
    if (closed) return;
    const delayMs = backoffDelay(attempt, timing.backoffBaseMs, timing.backoffCapMs);
    attempt += 1;
    options.onStatus?.({ state: "reconnecting", attempt, delayMs, reason });
    retryTimer = setTimeout(() => void open(), delayMs);
  }

  function settleWithError(id: string, request: Pending, code: string, text: string): void {
    pending.delete(id);
    clearTimeout(request.timer);
    request.reject(new RealtimeRequestError(code, text));
  }

  function send(message: RealtimeRequest, timeoutMs = timing.requestTimeoutMs): Promise<AckMessage> {
    if (closed) return Promise.reject(new RealtimeRequestError("closed", "The connection is closed."));
    const id = `r${++nextId}`;
    return new Promise<AckMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        const request = pending.get(id);
        if (request) settleWithError(id, request, "timeout", `No reply within ${timeoutMs} ms.`);
      }, timeoutMs);
      const request: Pending = { frame: JSON.stringify({ ...message, id }), sent: false, resolve, reject, timer };
      pending.set(id, request);
      if (ready) transmit(request);
    });
  }

  function shutDown(reason: string): void {
    if (closed) return;
    closed = true;
    clearTimeout(retryTimer);
    detach("close");
    for (const [id, request] of pending) settleWithError(id, request, "closed", "The connection was closed.");
    options.onStatus?.({ state: "closed", reason });
  }

  void open();
  return {
    send,
    subscribe(scope) {
      if (!scopes.some((s) => sameScope(s, scope))) scopes.push(scope);
      return send({ type: "subscribe", scope });
    },
    close: () => shutDown("closed by the client"),
    get lastSeq() {
      return lastSeq;
    },
  };
}
