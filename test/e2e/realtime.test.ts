/**
 * The workspace socket on the local platform as `npm start` runs it (wrangler dev + runner), with
 * real `ws` clients over TCP: one broadcast reaches 200 sockets with one seq, a killed connection
 * resumes without a gap, and the typed client rides through a killed connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { connectRealtime } from "../../contracts/realtime-client";
import type { SequencedEvent, ServerMessage } from "../../durable-objects/workspace-hub/protocol";
import { type LocalPlatform, startLocalPlatform } from "../../scripts/local-platform.mjs";

let platform: LocalPlatform;
let stateDir: string;
let token: string;
let workspaceId: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-realtime-"));
  platform = await startLocalPlatform({ port: 8793, runnerPort: 8794, persistTo: stateDir });
  const res = await fetch(`${platform.url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      email: `rt-${Date.now()}@example.test`,
      password: "a long enough password",
      name: "Realtime",
    }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { user: { personalWorkspaceId: string }; tokens: { accessToken: string } };
  token = body.tokens.accessToken;
  workspaceId = body.user.personalWorkspaceId;
});

afterAll(async () => {
  await platform?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

interface Probe {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the first message (already received or coming) that matches. */
  waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
}

/** Opens a raw socket with the bearer token; resolves once the hub's welcome arrived. */
async function openProbe(query = ""): Promise<Probe> {
  const url = `${platform.url.replace(/^http/, "ws")}/api/v1/workspaces/${workspaceId}/ws${query}`;
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const check of waiters) check();
  });
  const probe: Probe = {
    ws,
    messages,
    waitFor: (predicate, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms; last: ${JSON.stringify(messages.slice(-3))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    probe.waitFor((m) => m.type === "welcome").then(() => resolve(), reject);
  });
  return probe;
}

const isUpdate = (m: ServerMessage): m is Extract<SequencedEvent, { type: "settings:updated" }> =>
  m.type === "settings:updated";

/** Sends settings:update from `owner` and resolves with the ack. */
async function announce(owner: Probe, id: string, announcement: string): Promise<void> {
  owner.ws.send(JSON.stringify({ type: "settings:update", id, settings: { announcement } }));
  const reply = await owner.waitFor((m) => (m.type === "ack" || m.type === "error") && m.id === id);
  expect(reply.type, JSON.stringify(reply)).toBe("ack");
}

describe("workspace socket on the local platform", () => {
  it("delivers one broadcast to 200 sockets, all with the same seq", async () => {
    const sockets: Probe[] = [];
    // wrangler dev's proxy upgrades slowly: open in batches rather than all at once.
    for (let batch = 0; batch < 200 / 25; batch++)
      sockets.push(...(await Promise.all(Array.from({ length: 25 }, () => openProbe()))));
    const owner = sockets[0]!;
    await announce(owner, "fanout", "to everyone");
    const received = await Promise.all(
      sockets.map((s) => s.waitFor((m) => isUpdate(m) && m.settings.announcement === "to everyone")),
    );
    const seqs = new Set(received.map((m) => (isUpdate(m) ? m.seq : -1)));
    expect(received).toHaveLength(200);
    expect([...seqs]).toHaveLength(1);
    expect([...seqs][0]).toBeGreaterThan(0);
    for (const s of sockets) s.ws.close(1000, "done");
  });

  it("a socket killed at the TCP level resumes with ?since: exactly the missed seqs, in order", async () => {
    const owner = await openProbe();
    const victim = await openProbe();
    await announce(owner, "before", "before the cut");
    const before = await victim.waitFor((m) => isUpdate(m) && m.settings.announcement === "before the cut");
    const lastSeen = isUpdate(before) ? before.seq : -1;
    victim.ws.terminate();

    const missed = 5;
    for (let i = 1; i <= missed; i++) await announce(owner, `missed-${i}`, `missed ${i}`);
    const resumed = await openProbe(`?since=${lastSeen}`);
    await resumed.waitFor((m) => isUpdate(m) && m.settings.announcement === `missed ${missed}`);
    await new Promise((r) => setTimeout(r, 300)); // anything extra would show up here
    const replayed = resumed.messages.filter(isUpdate);
    expect(replayed.map((m) => m.seq)).toEqual(Array.from({ length: missed }, (_, i) => lastSeen + 1 + i));
    expect(replayed.map((m) => m.settings.announcement)).toEqual(
      Array.from({ length: missed }, (_, i) => `missed ${i + 1}`),
    );
    expect(resumed.messages[0]).toMatchObject({ type: "welcome", latestSeq: lastSeen + missed });
    owner.ws.close();
    resumed.ws.close();
  });

  it("the typed client rides through a killed connection and sees every seq once, in order", async () => {
    const opened: WebSocket[] = [];
    // Records each socket the client opens, so the test can cut one.
    class RecordedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        opened.push(this);
      }
    }
    const events: SequencedEvent[] = [];
    const client = connectRealtime({
      baseUrl: platform.url,
      workspaceId,
      auth: { token },
      WebSocket: RecordedWebSocket,
      onEvent: (e) => events.push(e),
      timing: { backoffBaseMs: 200, backoffCapMs: 1_000 },
    });
    const ack = await client.send({ type: "settings:update", settings: { announcement: "client 0" } });
    expect(ack.type).toBe("ack");
    const owner = await openProbe();
    opened[0]!.terminate();
    for (let i = 1; i <= 5; i++) await announce(owner, `client-${i}`, `client ${i}`);
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => isUpdate(e) && e.settings.announcement === "client 5") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const seqs = events.map((e) => e.seq);
    expect(events.filter(isUpdate).map((e) => e.settings.announcement)).toEqual([
      "client 0",
      "client 1",
      "client 2",
      "client 3",
      "client 4",
      "client 5",
    ]);
    expect(seqs).toEqual(Array.from({ length: 6 }, (_, i) => seqs[0]! + i));
    expect(opened.length).toBeGreaterThanOrEqual(2);
    client.close();
    owner.ws.close();
  });
});
