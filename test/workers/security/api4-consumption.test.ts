/**
 * API4 unrestricted resource consumption, beyond transcribe-input.test.ts (upload cap while
 * streaming), multipart.test.ts and rate-limits.test.ts: the JSON body cap on every JSON route,
 * page sizes, batch size, text length, deep nesting, the plan's upload cap on URL input, a
 * recording's declared length against the plan's minutes, and the WebSocket frame size, rate and
 * subscription caps.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { MESSAGE_BURST } from "../../../durable-objects/workspace-hub/message-rate";
import { MAX_FRAME_BYTES } from "../../../durable-objects/workspace-hub/protocol";
import { MAX_SUBSCRIPTIONS } from "../../../durable-objects/workspace-hub/sessions";
import { MAX_BATCH_ITEMS } from "../../../workers/batches/batches";
import { MAX_ANALYZED_CHARS } from "../../../workers/engine/limits";
import { MAX_JSON_BYTES } from "../../../workers/middleware/json-body";
import { toneWav } from "../../fixtures/tone-wav";
import { BASE, registerUser, type TestUser, waitForJob } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import "../provided-context";
import { openSocket } from "../ws-client";
import { sec } from "./owasp";
import { expectRefused, type Operation, operations, probe, unknownId } from "./surface";

let user: TestUser;
let ops: Operation[];

beforeAll(async () => {
  user = await registerUser("api4");
  ops = await operations();
});

async function storedState(workspaceId: string) {
  const objects = (await env.MEDIA.list({ prefix: `ws/${workspaceId}/` })).objects.length;
  const jobs = (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
    .bind(workspaceId)
    .first<{ n: number }>())!.n;
  return { objects, jobs };
}

const fill = (op: Operation, workspaceId: string) =>
  op.pathParams.reduce(
    (p, param) =>
      p.replace(
        `{${param.name}}`,
        param.name === "id" && param.pattern?.startsWith("^ws_")
          ? workspaceId
          : unknownId(/^\^([a-z]+)_/.exec(param.pattern ?? "")?.[1] ?? "x"),
      ),
    op.path,
  );

describe("API4 request size", () => {
  it(sec("API4", "every JSON route refuses a body over the cap with 413, declared or streamed"), async () => {
    const oversized = JSON.stringify({ name: "x".repeat(MAX_JSON_BYTES + 16) });
    const jsonOps = ops.filter((o) => o.contentTypes.includes("application/json"));
    expect(jsonOps.length).toBeGreaterThan(20);
    for (const op of jsonOps) {
      const path = fill(op, user.workspaceId);
      const declared = await probe(path, {
        method: op.method.toUpperCase(),
        // An operator route checks its token first; with the operator's, the body cap is what answers.
        token: op.permission === "operator" ? env.ADMIN_TOKEN : user.accessToken,
        headers: { "Content-Type": "application/json" },
        body: oversized,
      });
      expectRefused(declared, `${op.method.toUpperCase()} ${path} with ${oversized.length} bytes`, [413, 404, 403]);
      if (declared.status !== 413)
        expect(
          op.pathParams.length,
          `${op.method} ${op.path} answered ${declared.status} before reading the body`,
        ).toBeGreaterThan(0);
    }
    // Streamed without a Content-Length: the cap is found while reading.
    for (const path of [
      "/api/v1/projects",
      "/api/v1/generate-diagram",
      "/api/v1/batch",
      `/api/v1/workspaces/${user.workspaceId}/api-keys`,
    ]) {
      const body = new Blob([oversized]).stream();
      const res = await SELF.fetch(BASE + path, {
        method: "POST",
        headers: { Authorization: `Bearer ${user.accessToken}`, "Content-Type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status, path).toBe(413);
      await res.arrayBuffer();
    }
  });

  it(sec("API4", "deeply nested JSON is refused with a 4xx, never a crash"), async () => {
    const deep = `{"name":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    for (const path of ["/api/v1/projects", "/api/v1/generate-diagram", "/api/v1/auth/login"]) {
      const res = await probe(path, {
        token: user.accessToken,
        headers: { "Content-Type": "application/json" },
        body: deep,
      });
      expectRefused(res, path, [400, 413, 422]);
    }
  });

  it(sec("API4", "page sizes are capped: limit above the declared maximum is refused"), async () => {
    const paged = ops.filter(
      (o) => o.method === "get" && o.queryParams.some((q) => q.name === "limit" && q.schema.maximum),
    );
    expect(paged.length).toBeGreaterThan(4);
    for (const op of paged) {
      const max = op.queryParams.find((q) => q.name === "limit")!.schema.maximum as number;
      const path = fill(op, user.workspaceId);
      const token = op.permission === "operator" ? env.ADMIN_TOKEN : user.accessToken;
      // Validation comes before any lookup, so even a path naming nothing answers 422.
      expectRefused(await probe(`${path}?limit=${max * 100}`, { token }), `${path}?limit=${max * 100}`, [422]);
    }
  });

  it(sec("API4", `a batch holds at most ${MAX_BATCH_ITEMS} items`), async () => {
    const item = { kind: "diagram", request: { text: "A causes B." } };
    const res = await probe("/api/v1/batch", {
      token: user.accessToken,
      json: { items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => item) },
    });
    expectRefused(res, "batch", [422]);
    expect((await storedState(user.workspaceId)).jobs).toBe(0);
  });

  it(sec("API4", `diagram text is capped at ${MAX_ANALYZED_CHARS} characters`), async () => {
    const text = "Data flows to the model. ".repeat(Math.ceil((MAX_ANALYZED_CHARS + 10) / 25));
    const res = await probe("/api/v1/generate-diagram", { token: user.accessToken, json: { text } });
    expectRefused(res, "long text", [413], ["text_too_long"]);
    expect((await storedState(user.workspaceId)).jobs).toBe(0);
  });
});

describe("API4 media limits", () => {
  it(
    sec("API4", "a remote recording larger than the plan's upload cap is refused with 413 and nothing is kept"),
    async () => {
      const small = await registerUser("api4-cap");
      await putEnterpriseTerms(small.workspaceId, { maxUploadBytes: 4096 });
      const before = await storedState(small.workspaceId);
      const res = await probe("/api/v1/transcribe", {
        token: small.accessToken,
        json: { url: `${inject("remoteOrigin")}/speech/short.wav` },
      });
      expectRefused(res, "remote over cap", [413], ["payload_too_large"]);
      const upload = new FormData();
      upload.append("file", new Blob([toneWav(1)]), "tone.wav");
      expectRefused(
        await probe("/api/v1/transcribe", { token: small.accessToken, body: upload }),
        "upload over cap",
        [413],
        ["payload_too_large"],
      );
      expect(await storedState(small.workspaceId)).toEqual(before);
    },
  );

  it(
    sec(
      "API4",
      "a recording longer than the per-recording maximum (3 h) fails its job with audio_too_long before any transcription",
    ),
    async () => {
      // 16,000 samples at 1 Hz: a 32 KB file that is 4.4 hours long, for the estimate and for ffmpeg alike.
      const wav = toneWav(1);
      new DataView(wav.buffer).setUint32(24, 1, true);
      new DataView(wav.buffer).setUint32(28, 2, true);
      const long = await registerUser("api4-duration");
      const upload = new FormData();
      upload.append("file", new Blob([wav]), "long.wav");
      const accepted = await probe("/api/v1/transcribe", { token: long.accessToken, body: upload });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      const job = await waitForJob(long.accessToken, accepted.body.id, undefined, 90_000);
      expect(job).toMatchObject({ status: "failed", error: { code: "audio_too_long" } });
      const transcripts = await env.DB.prepare("SELECT count(*) AS n FROM transcripts WHERE workspace_id = ?")
        .bind(long.workspaceId)
        .first<{ n: number }>();
      expect(transcripts!.n).toBe(0);
    },
  );
});

describe("API4 WebSocket caps", () => {
  it(sec("API4", `frames over ${MAX_FRAME_BYTES} bytes are refused without closing the socket`), async () => {
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    socket.send(JSON.stringify({ type: "ping", id: "big", pad: "x".repeat(MAX_FRAME_BYTES + 1) }));
    expect(await socket.next((m) => m.type === "error")).toMatchObject({ code: "frame_too_large" });
    socket.send({ type: "ping", id: "after" });
    expect(await socket.next((m) => m.id === "after")).toMatchObject({ type: "pong" });
    socket.close();
  });

  it(
    sec("API4", "a socket sending faster than its rate is refused, then closed with 1008; others are unaffected"),
    async () => {
      const [flooder, bystander] = await Promise.all([
        openSocket(user.workspaceId, { token: user.accessToken }),
        openSocket(user.workspaceId, { token: user.accessToken }),
      ]);
      await Promise.all([flooder.next((m) => m.type === "welcome"), bystander.next((m) => m.type === "welcome")]);
      for (let i = 0; i < MESSAGE_BURST + 40; i++) flooder.send({ type: "ping", id: `f${i}` });
      const closed = await Promise.race([flooder.closed, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
      expect(closed, "the flooding socket was not closed").toMatchObject({ code: 1008 });
      const pongs = flooder.messages.filter((m) => m.type === "pong").length;
      expect(pongs).toBeGreaterThanOrEqual(MESSAGE_BURST - 5);
      expect(pongs).toBeLessThan(MESSAGE_BURST + 40);
      expect(flooder.messages.some((m) => m.type === "error" && m.code === "rate_limited")).toBe(true);
      bystander.send({ type: "ping", id: "still-here" });
      expect(await bystander.next((m) => m.id === "still-here")).toMatchObject({ type: "pong" });
      bystander.close();
    },
  );

  it(sec("API4", `a socket holds at most ${MAX_SUBSCRIPTIONS} subscriptions`), async () => {
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) {
      socket.send({ type: "subscribe", id: `s${i}`, scope: { kind: "job", jobId: unknownId("job") } });
      await socket.next((m) => m.id === `s${i}`);
    }
    const last = socket.messages.filter((m) => m.type === "ack").pop();
    expect(last.result.subscriptions).toHaveLength(MAX_SUBSCRIPTIONS);
    const refused = socket.messages.find((m) => m.type === "error");
    expect(refused).toMatchObject({ code: "too_many_subscriptions" });
    socket.send({ type: "ping", id: "alive" });
    expect(await socket.next((m) => m.id === "alive")).toMatchObject({ type: "pong" });
    socket.close();
  });
});
