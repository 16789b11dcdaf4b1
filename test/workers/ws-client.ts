/** A WebSocket opened through the Worker inside workerd, with helpers to wait for messages. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { BASE } from "./helpers";

export interface TestSocket {
  ws: WebSocket;
  messages: any[];
  send(message: unknown): void;
  next(predicate: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens the workspace socket; fails the test unless the upgrade succeeds. */
export async function openSocket(
  workspaceId: string,
  auth: { token?: string; ticket?: string },
  query = "",
): Promise<TestSocket> {
  const params = new URLSearchParams(query);
  if (auth.ticket) params.set("ticket", auth.ticket);
  const res = await SELF.fetch(`${BASE}/api/v1/workspaces/${workspaceId}/ws?${params}`, {
    headers: { Upgrade: "websocket", ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}) },
  });
  if (res.status !== 101) expect.fail(`upgrade refused with ${res.status}: ${await res.text()}`);
  const ws = res.webSocket!;
  ws.accept();
  const messages: any[] = [];
  const waiters: { predicate: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  let seen = 0;
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(event.data as string);
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
  );
  return {
    ws,
    messages,
    closed,
    send: (message) => ws.send(typeof message === "string" ? message : JSON.stringify(message)),
    close: () => ws.close(1000, "done"),
    next: (predicate, timeoutMs = 30_000) => {
      const already = messages.slice(seen).find(predicate);
      seen = messages.length;
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-5))}`)),
          timeoutMs,
        );
        waiters.push({ predicate, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}
