/**
 * Issue 16's probe of intake: what a request that will be refused may cost before it is refused
 * (form fields read without end, a remote recording fetched), and what the Idempotency-Key and
 * the dry-run estimate promise. Every case failed before its fix.
 */
import { createScheduledController, env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import worker from "../../../workers/index";
import { MAX_FORM_FIELDS } from "../../../workers/intake/intake";
import { toneWav } from "../../fixtures/tone-wav";
import { api, expectProblem, registerUser, type TestUser } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import { createTeam } from "../team-helpers";
import { recordUsage } from "../usage-helpers";
import { openSocket } from "../ws-client";
import "../provided-context";
import { sec } from "./owasp";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("probe-intake");
});

const origin = () => inject("remoteOrigin");
/** A URL of this test's own on the remote host, and how often the host was asked for it. */
function ownUrl(label: string): { url: string; hits: () => Promise<number> } {
  const path = `/never-${label}-${crypto.randomUUID()}.wav`;
  return {
    url: `${origin()}${path}`,
    hits: async () => Number(await (await fetch(`${origin()}/hits?path=${encodeURIComponent(path)}`)).text()),
  };
}

async function storedState(workspaceId: string) {
  const jobs = (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
    .bind(workspaceId)
    .first<{ n: number }>())!.n;
  const objects = (await env.MEDIA.list({ prefix: `ws/${workspaceId}/` })).objects.length;
  return { jobs, objects };
}

/** A multipart body of option fields that never ends, counting the bytes the server pulled. */
function endlessFields(field: string): { body: ReadableStream<Uint8Array>; contentType: string; pulled: () => number } {
  const boundary = `probe-${crypto.randomUUID()}`;
  const part = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${"x".repeat(2000)}\r\n`,
  );
  let pulled = 0;
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // Distinct names, so neither the per-field cap nor a repeated name stops the reader.
      const named = new TextEncoder().encode(
        new TextDecoder().decode(part).replace(`name="${field}"`, `name="${field}${index++}"`),
      );
      pulled += named.byteLength;
      controller.enqueue(named);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, pulled: () => pulled };
}

describe("API4 form fields", () => {
  it(
    sec(
      "API4",
      "an upload's option fields have a total cap: an endless stream of fields is cut off with 413 after little was read",
    ),
    async () => {
      const before = await storedState(user.workspaceId);
      const endless = endlessFields("note");
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        headers: { "Content-Type": endless.contentType },
        body: endless.body,
      });
      expectProblem(res, 413);
      expect(["form_fields_too_large", "too_many_form_fields"]).toContain(res.body.code);
      expect(endless.pulled()).toBeLessThan(1024 * 1024);
      expect(await storedState(user.workspaceId)).toEqual(before);
    },
  );

  it(sec("API4", `more than ${MAX_FORM_FIELDS} option fields are refused with 413 too_many_form_fields`), async () => {
    const form = new FormData();
    for (let i = 0; i <= MAX_FORM_FIELDS; i++) form.append(`f${i}`, "1");
    form.append("file", new Blob([toneWav(0.2)]), "a.wav");
    expectProblem(await api("/api/v1/pipelines", { token: user.accessToken, body: form }), 413, "too_many_form_fields");
  });

  it(sec("API4", "option fields over 64 KiB in all are refused with 413 form_fields_too_large"), async () => {
    const form = new FormData();
    for (let i = 0; i < 20; i++) form.append(`f${i}`, "y".repeat(4000));
    form.append("file", new Blob([toneWav(0.2)]), "a.wav");
    expectProblem(
      await api("/api/v1/transcribe", { token: user.accessToken, body: form }),
      413,
      "form_fields_too_large",
    );
  });
});

describe("API4 URL intake validates and admits before fetching", () => {
  it(
    sec("API4", "an unknown projectId or a private webhookUrl is refused without fetching the recording"),
    async () => {
      const unknownProject = ownUrl("project");
      const res = await api("/api/v1/transcribe", {
        token: user.accessToken,
        json: { url: unknownProject.url, projectId: `prj_${"0".repeat(26)}` },
      });
      expectProblem(res, 404);
      expect(await unknownProject.hits()).toBe(0);

      const privateHook = ownUrl("hook");
      const hooked = await api("/api/v1/pipelines", {
        token: user.accessToken,
        json: { url: privateHook.url, webhookUrl: "http://10.0.0.1/hook" },
      });
      expectProblem(hooked, 422, "url_not_allowed");
      expect(await privateHook.hits()).toBe(0);
      expect((await storedState(user.workspaceId)).jobs).toBe(0);
    },
  );

  it(
    sec("API4", "a workspace whose monthly minutes are used up is refused with 402 before the recording is fetched"),
    async () => {
      const spent = await registerUser("probe-intake-quota");
      await putEnterpriseTerms(spent.workspaceId, { maxMonthlyProcessingMinutes: 1 });
      await recordUsage(env, {
        id: `use_test_${spent.workspaceId}`,
        workspaceId: spent.workspaceId,
        jobId: null,
        meter: "audio_seconds",
        quantity: 60,
        occurredAt: new Date().toISOString(),
      });
      const target = ownUrl("quota");
      expectProblem(
        await api("/api/v1/transcribe", { token: spent.accessToken, json: { url: target.url } }),
        402,
        "quota_exceeded",
      );
      expect(await target.hits()).toBe(0);
      expect(await storedState(spent.workspaceId)).toEqual({ jobs: 0, objects: 0 });
    },
  );

  it(sec("API4", "the WebSocket job:start applies the same order: a refused start fetches nothing"), async () => {
    const target = ownUrl("socket");
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    socket.send({
      type: "job:start",
      id: "s1",
      job: { kind: "transcription", url: target.url, options: { projectId: `prj_${"1".repeat(26)}` } },
    });
    expect(await socket.next((m) => m.id === "s1", 30_000)).toMatchObject({ type: "error", code: "not_found" });
    socket.close();
    expect(await target.hits()).toBe(0);
  });
});

describe("API6 Idempotency-Key", () => {
  const wav = () => new Blob([toneWav(0.5)]);
  const form = () => {
    const f = new FormData();
    f.append("file", wav(), "a.wav");
    return f;
  };

  it(sec("API6", "a dry run's answer is never replayed for the real request under the same key"), async () => {
    const key = `dry-${crypto.randomUUID()}`;
    const dry = await api("/api/v1/transcribe?dryRun=true", {
      token: user.accessToken,
      body: form(),
      headers: { "Idempotency-Key": key },
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const jobsBefore = (await storedState(user.workspaceId)).jobs;
    const real = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: form(),
      headers: { "Idempotency-Key": key },
    });
    expectProblem(real, 422, "idempotency_key_reused");
    expect((await storedState(user.workspaceId)).jobs).toBe(jobsBefore);
    // The same dry run again is a replay.
    const again = await api("/api/v1/transcribe?dryRun=true", {
      token: user.accessToken,
      body: form(),
      headers: { "Idempotency-Key": key },
    });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
  });

  it(
    sec(
      "API6",
      "a key whose request created its job but died before completing the key answers with that job, not 409 for 24 h",
    ),
    async () => {
      const key = `crash-${crypto.randomUUID()}`;
      const first = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(),
        headers: { "Idempotency-Key": key },
      });
      expect(first.status).toBe(202);
      // The state an isolate that died after the job's batch leaves behind: the key still in progress.
      await env.DB.prepare(
        "UPDATE idempotency_keys SET status = 'in_progress', fingerprint = NULL, response_status = NULL, response_body = NULL WHERE workspace_id = ? AND key = ?",
      )
        .bind(user.workspaceId, key)
        .run();
      const retry = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(),
        headers: { "Idempotency-Key": key },
      });
      expect(retry.status, JSON.stringify(retry.body)).toBe(202);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers.get("Location")).toBe(`/api/v1/jobs/${first.body.id}`);
      const again = await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: form(),
        headers: { "Idempotency-Key": key },
      });
      expect(again.body.id).toBe(first.body.id);
    },
  );
});

describe("API4 dry-run estimates", () => {
  async function estimateOf(wav: Uint8Array) {
    const f = new FormData();
    f.append("file", new Blob([wav]), "a.wav");
    const res = await api("/api/v1/transcribe?dryRun=true", { token: user.accessToken, body: f });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return {
      seconds: res.body.usage.find((u: { meter: string }) => u.meter === "audio_seconds").quantity as number,
      notes: res.body.notes as string[],
    };
  }

  it(
    sec("API4", "a WAV header's byte rate is checked against its other fields: a 64 KB file is not estimated at hours"),
    async () => {
      const forged = toneWav(2);
      new DataView(forged.buffer).setUint32(28, 1, true);
      const estimate = await estimateOf(forged);
      expect(estimate.seconds).toBeLessThan(10);
      expect(estimate.notes.join(" ")).toMatch(/WAV header/);
    },
  );

  it(sec("API4", "a WAV data chunk that claims more than the file holds is estimated by the bytes sent"), async () => {
    const truncated = toneWav(2);
    new DataView(truncated.buffer).setUint32(40, 0xfffffff0, true);
    expect((await estimateOf(truncated)).seconds).toBeCloseTo(2, 1);
    expect((await estimateOf(toneWav(2))).seconds).toBeCloseTo(2, 1);
  });
});

describe("API1 a purged workspace", () => {
  it(
    sec(
      "API1",
      "a request reaching a workspace purged within the membership cache answers 404, and the hub's storage is cleared",
    ),
    async () => {
      const owner = await registerUser("probe-purge");
      const doomed = await createTeam(owner, "Purged soon");
      const socket = await openSocket(doomed, { token: owner.accessToken });
      await socket.next((m) => m.type === "welcome");
      // A request now caches the owner's membership in this isolate for 5 s.
      expect(
        (await api("/api/v1/projects", { token: owner.accessToken, headers: { "Zukai-Workspace": doomed } })).status,
      ).toBe(200);
      expect(
        (
          await api(`/api/v1/workspaces/${doomed}`, {
            method: "DELETE",
            token: owner.accessToken,
            json: { confirm: "Purged soon" },
          })
        ).status,
      ).toBe(202);
      await env.DB.prepare("UPDATE workspaces SET deletes_at = ? WHERE id = ?")
        .bind(new Date(Date.now() - 1000).toISOString(), doomed)
        .run();
      await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env);

      const created = await api("/api/v1/projects", {
        method: "POST",
        token: owner.accessToken,
        headers: { "Zukai-Workspace": doomed },
        json: { name: "After the purge" },
      });
      expectProblem(created, 404);
      const hub = env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(doomed));
      const left = await runInDurableObject(hub, (_instance, state) => [...state.storage.kv.list()].map(([k]) => k));
      expect(left).toEqual([]);
      expect(await hub.connections()).toBe(0);
    },
  );
});
