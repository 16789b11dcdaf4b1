/**
 * A refused request body never affects another request on the local platform `npm start` runs
 * (issue 16 #8): under wrangler dev, one unauthenticated chunked body over 1 MiB answered 413
 * made the next POST from any client fail with 503 "worker restarted mid-request". `npm start`
 * serves the Worker on raw workerd through Miniflare (scripts/workerd-platform.mjs), like the
 * benchmarks, which does not have that proxy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalPlatform } from "../../scripts/local-platform.mjs";
import { startWorkerdPlatform } from "../../scripts/workerd-platform.mjs";

let platform: LocalPlatform;
let stateDir: string;
const PORT = 8851;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-body-"));
  platform = await startWorkerdPlatform({ port: PORT, runnerPort: PORT + 1, persistTo: path.join(stateDir, "state") });
});

afterAll(async () => {
  await platform?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

/** POSTs `bytes` of JSON-typed filler with chunked transfer encoding (no Content-Length to refuse early). */
function chunkedPost(pathname: string, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: pathname,
        method: "POST",
        headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    // The server may stop reading once it has refused the body; that is its right.
    req.on("error", () => resolve(0));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe("refused request bodies", () => {
  it("a chunked body over 1 MiB answered 413 leaves the next POST, from another client, unharmed", async () => {
    for (let round = 0; round < 3; round++) {
      expect(await chunkedPost("/api/v1/auth/login", 2 * 1024 * 1024)).toBe(413);
      const next = await fetch(`${platform.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "nobody@example.test", password: "not the password" }),
      });
      const body = await next.text();
      expect(next.status, body).toBe(401);
      expect(body).not.toMatch(/restarted mid-request/);
    }
  });

  it("serves the console and the API reference like wrangler dev did", async () => {
    expect((await fetch(`${platform.url}/readyz`)).status).toBe(200);
    const console = await fetch(`${platform.url}/`);
    expect(console.status).toBe(200);
    expect(console.headers.get("content-type")).toMatch(/text\/html/);
    expect((await fetch(`${platform.url}/api/v1/openapi.json`)).status).toBe(200);
  });
});
