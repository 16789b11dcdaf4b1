/**
 * The real-time client against a small protocol-v1 server on a local `ws` WebSocketServer, so
 * reconnection, resume and dead-peer detection run over real sockets. The real hub is exercised
 * by test/e2e/realtime.test.ts.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ServerOptions, WebSocket, WebSocketServer } from "ws";
import {
  backoffDelay,
  connectRealtime,
  type RealtimeOptions,
  type RealtimeStatus,
  type ResyncNotice,
  realtimeUrl,
} from "../../contracts/realtime-client";
import type { SequencedEvent } from "../../durable-objects/workspace-hub/protocol";

interface ServerSide {
  socket: WebSocket;
  url: URL;
  headers: IncomingHttpHeaders;
  received: { type: string; id?: string; [key: string]: unknown }[];
  send(message: unknown): void;
}

const servers: WebSocketServer[] = [];
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A local server; `script` plays the hub's part for each connection, in the order they arrive. */
async function startServer(
  script: (side: ServerSide, index: number) => void = (side) => side.send(welcome(0)),
  options: ServerOptions = {},
) {
  const server = new WebSocketServer({ ...options, host: "127.0.0.1", port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  const connections: ServerSide[] = [];
  server.on("connection", (socket, request) => {
    const side: ServerSide = {
      socket,
      url: new URL(request.url ?? "/", "http://x"),
      headers: request.headers,
      received: [],
      send: (m) => socket.send(JSON.stringify(m)),
    };
    socket.on("message", (data) => side.received.push(JSON.parse(String(data))));
    connections.push(side);
    script(side, connections.length - 1);
  });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections };
}

const welcome = (latestSeq: number) => ({ type: "welcome", v: 1, workspaceId: "ws_test", latestSeq });
const note = (seq: number): SequencedEvent => ({
  type: "system:notification",
  level: "info",
  message: `n${seq}`,
  seq,
  at: new Date().toISOString(),
});
const fast = { backoffBaseMs: 10, backoffCapMs: 40, requestTimeoutMs: 2_000 };

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function connect(baseUrl: string, overrides: Partial<RealtimeOptions> = {}) {
  const events: SequencedEvent[] = [];
  const statuses: RealtimeStatus[] = [];
  const resyncs: ResyncNotice[] = [];
  const connection = connectRealtime({
    baseUrl,
    workspaceId: "ws_test",
    auth: { token: "token-1" },
    WebSocket,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    onResync: (r) => resyncs.push(r),
    timing: fast,
    ...overrides,
  });
  clients.push(connection);
  return { connection, events, statuses, resyncs, seqs: () => events.map((e) => e.seq) };
}

describe("backoffDelay", () => {
  it("stays within [0, min(cap, base·2^attempt)) and never passes the cap", () => {
    for (let attempt = 0; attempt <= 40; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      expect(backoffDelay(attempt, 500, 30_000, () => 0)).toBe(0);
      expect(backoffDelay(attempt, 500, 30_000, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, 500, 30_000);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(2_000);
  });
});

describe("realtimeUrl", () => {
  it("maps http(s) to ws(s) and carries the resume point and the ticket", () => {
    expect(realtimeUrl("https://api.example", "ws_1", {})).toBe("wss://api.example/api/v1/workspaces/ws_1/ws");
    expect(realtimeUrl("http://127.0.0.1:8787/", "ws_1", { since: 0, ticket: "tkt_a" })).toBe(
      "ws://127.0.0.1:8787/api/v1/workspaces/ws_1/ws?since=0&ticket=tkt_a",
    );
  });
});

describe("connectRealtime", () => {
  it("authenticates with the Authorization header, or with a fresh ticket per connection", async () => {
    const server = await startServer((side, index) => (index === 0 ? side.send(welcome(0)) : side.socket.terminate()));
    connect(server.baseUrl, { auth: { apiKey: "zk_key" } });
    await until(() => server.connections.length === 1, "the first connection");
    expect(server.connections[0]!.headers.authorization).toBe("Bearer zk_key");

    const ticketServer = await startServer((side, index) =>
      index === 0 ? side.socket.terminate() : side.send(welcome(0)),
    );
    let issued = 0;
    const { statuses } = connect(ticketServer.baseUrl, { auth: { ticketProvider: async () => `tkt_${++issued}` } });
    await until(() => statuses.some((s) => s.state === "open"), "open");
    expect(ticketServer.connections.map((c) => c.url.searchParams.get("ticket"))).toEqual(["tkt_1", "tkt_2"]);
    expect(ticketServer.connections[1]!.headers.authorization).toBeUndefined();
  });

  it("says why an upgrade was refused and retries; replaces a socket whose welcome never comes", async () => {
    let verified = 0;
    const server = await startServer((side, index) => index > 0 && side.send(welcome(0)), {
      verifyClient: (_info, done) => done(verified++ > 0, 401),
    });
    const client = connect(server.baseUrl, { timing: { ...fast, pongTimeoutMs: 100 } });
    await until(() => client.statuses.some((s) => s.state === "open"), "open");
    const reasons = client.statuses.flatMap((s) => (s.state === "reconnecting" ? [s.reason] : []));
    expect(reasons).toEqual(["Unexpected server response: 401", "no welcome within 100 ms"]);
    expect(server.connections).toHaveLength(2);
  });

  it("hands each event over once, in order, dropping seqs at or below the last seen", async () => {
    const server = await startServer((side) => {
      side.send(welcome(0));
      for (const seq of [1, 2, 2, 1, 3]) side.send(note(seq));
    });
    const client = connect(server.baseUrl);
    await until(() => client.seqs().includes(3), "seq 3");
    expect(client.seqs()).toEqual([1, 2, 3]);
    expect(client.connection.lastSeq).toBe(3);
  });

  it("after the connection drops, reconnects with ?since=<last seq> and loses or repeats nothing", async () => {
    const server = await startServer((side, index) => {
      if (index === 0) {
        side.send(welcome(0));
        side.send(note(1));
        side.send(note(2));
        setTimeout(() => side.socket.terminate(), 20);
      } else {
        side.send(welcome(5));
        for (const seq of [2, 3, 4, 5]) side.send(note(seq)); // the replay overlaps by one
      }
    });
    const client = connect(server.baseUrl);
    await until(() => client.seqs().includes(5), "seq 5");
    expect(client.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(server.connections[0]!.url.searchParams.has("since")).toBe(false);
    expect(server.connections[1]!.url.searchParams.get("since")).toBe("2");
    expect(client.statuses.map((s) => s.state)).toEqual(["connecting", "open", "reconnecting", "connecting", "open"]);
  });

  it("replaces a connection whose pongs stop, and keeps one that answers", async () => {
    const server = await startServer((side, index) => {
      side.send(welcome(0));
      // The first peer goes silent; the second answers pings as the hub's runtime does.
      side.socket.on(
        "message",
        (data) => index > 0 && String(data) === '{"type":"ping"}' && side.send({ type: "pong" }),
      );
    });
    const client = connect(server.baseUrl, { timing: { ...fast, pingIntervalMs: 30, pongTimeoutMs: 60 } });
    await until(() => server.connections.length === 2, "a second connection");
    expect(client.statuses).toContainEqual(
      expect.objectContaining({ state: "reconnecting", reason: "no pong within 60 ms" }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]!.received.filter((m) => m.type === "ping").length).toBeGreaterThan(3);
    expect(server.connections[0]!.socket.readyState).toBe(WebSocket.CLOSED);
  });

  it("resolves send() with the matching ack, rejects on an error reply, on timeout and on a lost connection", async () => {
    const server = await startServer((side, index) => {
      side.send(welcome(0));
      side.socket.on("message", (data) => {
        const message = JSON.parse(String(data));
        if (message.type === "settings:update")
          side.send({ type: "ack", id: message.id, result: { settings: message.settings } });
        if (message.type === "job:cancel")
          side.send({ type: "error", id: message.id, code: "not_found", message: "No such job." });
        if (message.type === "resume" && index === 0) side.socket.terminate();
      });
    });
    const { connection } = connect(server.baseUrl);
    // Sent before the socket is open: it waits for the welcome rather than failing.
    const ack = await connection.send({ type: "settings:update", settings: { announcement: "hi" } });
    expect(ack).toMatchObject({ type: "ack", result: { settings: { announcement: "hi" } } });
    await expect(
      connection.send({ type: "job:cancel", jobId: "job_00000000000000000000000000" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(connection.send({ type: "subscribe", scope: { kind: "all" } }, 50)).rejects.toMatchObject({
      code: "timeout",
    });
    await expect(connection.send({ type: "resume", since: 0 })).rejects.toMatchObject({ code: "connection_lost" });
    expect(server.connections[0]!.received.map((m) => m.id)).toEqual(["r1", "r2", "r3", "r4"]);
  });

  it("surfaces resync, then counts from the hub's latest seq; also when the hub's numbering went back", async () => {
    const server = await startServer((side, index) => {
      if (index === 0) {
        side.send(welcome(50));
        side.send({ type: "resync", reason: "gap_too_old", oldestSeq: 40, latestSeq: 50 });
        side.send(note(51));
        setTimeout(() => side.socket.terminate(), 20);
      } else {
        side.send(welcome(3)); // storage was reset: 3 < 51
        side.send(note(4));
      }
    });
    const client = connect(server.baseUrl, { since: 10 });
    await until(() => client.seqs().includes(4), "seq 4 after the reset");
    expect(server.connections[0]!.url.searchParams.get("since")).toBe("10");
    expect(client.resyncs).toEqual([
      { type: "resync", reason: "gap_too_old", oldestSeq: 40, latestSeq: 50 },
      { type: "resync", reason: "seq_went_back", latestSeq: 3 },
    ]);
    expect(client.seqs()).toEqual([51, 4]);
  });

  it("holds its subscriptions on every connection", async () => {
    const server = await startServer((side, index) => {
      side.send(welcome(0));
      if (index === 0) setTimeout(() => side.socket.terminate(), 50);
    });
    const job = { kind: "job" as const, jobId: "job_0000000000000000000000000a" };
    const client = connect(server.baseUrl, { subscriptions: [job] });
    await until(
      () => server.connections.length === 2 && server.connections[1]!.received.length >= 2,
      "subscriptions on the second connection",
    );
    for (const side of server.connections) {
      expect(side.received.slice(0, 2)).toMatchObject([
        { type: "unsubscribe", scope: { kind: "all" } },
        { type: "subscribe", scope: job },
      ]);
    }
    expect(client.statuses.at(-1)).toMatchObject({ state: "open" });
  });

  it("close() closes cleanly, rejects what is pending and never reconnects", async () => {
    const server = await startServer();
    const client = connect(server.baseUrl);
    await until(() => client.statuses.some((s) => s.state === "open"), "open");
    const closedOnServer = new Promise<number>((resolve) => server.connections[0]!.socket.once("close", resolve));
    const pending = client.connection.send({ type: "subscribe", scope: { kind: "all" } });
    client.connection.close();
    await expect(pending).rejects.toMatchObject({ code: "closed" });
    expect(await closedOnServer).toBe(1000);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.connections).toHaveLength(1);
    expect(client.statuses.at(-1)).toEqual({ state: "closed", reason: "closed by the client" });
    await expect(client.connection.send({ type: "subscribe", scope: { kind: "all" } })).rejects.toMatchObject({
      code: "closed",
    });
  });
});
