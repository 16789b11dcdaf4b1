/** Idempotency keys, cancel, URL input and signed webhooks, against the real queue and runners. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { verifyWebhook } from "../../workers/webhooks/signature";
import { api, expectProblem, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

let user: TestUser;
let shortWav: Blob;
beforeAll(async () => {
  user = await registerUser("controls");
  shortWav = await (await fetch(`${inject("remoteOrigin")}/speech/short.wav`)).blob();
});

function uploadForm(file: Blob, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", file, "talk.wav");
  return form;
}

describe("Idempotency-Key", () => {
  it("same key and same body (a fresh multipart boundary) → the same job, marked as replayed", async () => {
    const key = `same-${crypto.randomUUID()}`;
    const first = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": key },
    });
    const again = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": key },
    });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.headers.get("Location")).toBe(`/api/v1/jobs/${first.body.id}`);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("same key with another body → 422; a new key → new work", async () => {
    const key = `other-${crypto.randomUUID()}`;
    await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": key },
    });
    const changed = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav, { language: "en" }),
      headers: { "Idempotency-Key": key },
    });
    expectProblem(changed, 422, "idempotency_key_reused");
  });

  it("concurrent requests with one key create exactly one job", async () => {
    const key = `race-${crypto.randomUUID()}`;
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
      .bind(user.workspaceId)
      .first<{ n: number }>())!.n;
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        api("/api/v1/transcribe", {
          token: user.accessToken,
          body: uploadForm(shortWav),
          headers: { "Idempotency-Key": key },
        }),
      ),
    );
    const after = (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
      .bind(user.workspaceId)
      .first<{ n: number }>())!.n;
    expect(after - before).toBe(1);
    const ids = new Set(results.filter((r) => r.status === 202).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const r of results.filter((r) => r.status !== 202)) expectProblem(r, 409, "idempotency_in_progress");
  });

  it("a key left in progress by a request that died is taken over after its lease, not refused for 24 h", async () => {
    // What a request leaves behind when its isolate dies after claiming the key, before any job.
    const abandon = async (key: string, secondsAgo: number) =>
      env.DB.prepare(
        "INSERT INTO idempotency_keys (workspace_id, key, method, path, status, created_at, expires_at) VALUES (?, ?, 'POST', '/api/v1/transcribe', 'in_progress', ?, ?)",
      )
        .bind(
          user.workspaceId,
          key,
          new Date(Date.now() - secondsAgo * 1000).toISOString(),
          new Date(Date.now() + 86_400_000).toISOString(),
        )
        .run();
    const recent = `died-${crypto.randomUUID()}`;
    await abandon(recent, 5);
    expectProblem(
      await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: uploadForm(shortWav),
        headers: { "Idempotency-Key": recent },
      }),
      409,
      "idempotency_in_progress",
    );
    const stale = `died-${crypto.randomUUID()}`;
    await abandon(stale, 120);
    const retried = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": stale },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const again = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav),
      headers: { "Idempotency-Key": stale },
    });
    expect(again.body.id).toBe(retried.body.id);
  });

  it("a refused request does not burn the key", async () => {
    const key = `fix-${crypto.randomUUID()}`;
    expectProblem(
      await api("/api/v1/transcribe", {
        token: user.accessToken,
        body: uploadForm(new Blob([])),
        headers: { "Idempotency-Key": key },
      }),
      422,
    );
    expect(
      (
        await api("/api/v1/transcribe", {
          token: user.accessToken,
          body: uploadForm(shortWav),
          headers: { "Idempotency-Key": key },
        })
      ).status,
    ).toBe(202);
  });
});

describe("URL input", () => {
  it("transcribes a recording fetched from an allowed host", async () => {
    const res = await api("/api/v1/transcribe", {
      token: user.accessToken,
      json: { url: `${inject("remoteOrigin")}/speech/short.wav` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(user.accessToken, res.body.id, jobEnded);
    expect(job.status).toBe("succeeded");
    expect(job.options.inputFormat).toBe("wav");
  });
});

describe("cancel", () => {
  it("stops a running job, keeps nothing partial, and refuses to cancel twice", async () => {
    const long = await (await fetch(`${inject("remoteOrigin")}/speech/long.wav`)).blob();
    const accepted = await api("/api/v1/transcribe", { token: user.accessToken, body: uploadForm(long) });
    await waitForJob(user.accessToken, accepted.body.id, (job) => job.status === "running" && job.progress > 0, 60_000);
    const canceled = await api(`/api/v1/jobs/${accepted.body.id}`, { method: "DELETE", token: user.accessToken });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe("canceled");
    expectProblem(
      await api(`/api/v1/jobs/${accepted.body.id}`, { method: "DELETE", token: user.accessToken }),
      409,
      "job_finished",
    );

    // Give the consumer time to observe the kill, then check that nothing but the input is left.
    await new Promise((r) => setTimeout(r, 3000));
    const job = (await api(`/api/v1/jobs/${accepted.body.id}`, { token: user.accessToken })).body;
    expect(job.status).toBe("canceled");
    expect(job.transcriptId).toBeNull();
    const objects = (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/jobs/${accepted.body.id}/` })).objects.map(
      (o) => o.key,
    );
    expect(objects).toEqual([`ws/${user.workspaceId}/jobs/${accepted.body.id}/input`]);
    const usage = await env.DB.prepare("SELECT count(*) AS n FROM usage_events WHERE job_id = ?")
      .bind(accepted.body.id)
      .first<{ n: number }>();
    expect(usage!.n).toBe(0);

    const stranger = await registerUser("canceler");
    expectProblem(
      await api(`/api/v1/jobs/${accepted.body.id}`, { method: "DELETE", token: stranger.accessToken }),
      404,
    );
  });
});

describe("webhooks", () => {
  it("signs the completion per Standard Webhooks, retries a failing receiver, and logs every attempt", async () => {
    const name = `hook-${crypto.randomUUID().slice(0, 8)}`;
    const webhookUrl = `${inject("remoteOrigin")}/webhook/${name}?fail=1`;
    const accepted = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav, { webhookUrl }),
    });
    await waitForJob(user.accessToken, accepted.body.id, jobEnded);
    const job = await waitForJob(
      user.accessToken,
      accepted.body.id,
      (j) => j.webhooks.some((w: { statusCode: number }) => w.statusCode === 204),
      60_000,
    );
    expect(job.webhooks.map((w: { statusCode: number }) => w.statusCode)).toEqual([500, 204]);

    const received: { headers: Record<string, string>; body: string }[] = await (
      await fetch(`${inject("remoteOrigin")}/webhook/${name}`)
    ).json();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["webhook-id"]).toBe(received[1]!.headers["webhook-id"]);
    const payload = JSON.parse(received[1]!.body);
    expect(payload).toMatchObject({ type: "job.succeeded", data: { id: accepted.body.id, status: "succeeded" } });

    const { secret } = (await api(`/api/v1/workspaces/${user.workspaceId}/webhook-secret`, { token: user.accessToken }))
      .body;
    expect(secret).toMatch(/^whsec_/);
    const headers = new Headers(received[1]!.headers);
    expect(await verifyWebhook(secret, headers, received[1]!.body)).toBe(true);
    expect(await verifyWebhook(secret, headers, received[1]!.body.replace("succeeded", "failed"))).toBe(false);
    expect(await verifyWebhook(`whsec_${btoa("another secret entirely!")}`, headers, received[1]!.body)).toBe(false);
  });

  it("refuses a webhook URL that points into our network when the job is created", async () => {
    const res = await api("/api/v1/transcribe", {
      token: user.accessToken,
      body: uploadForm(shortWav, { webhookUrl: "https://169.254.169.254/hook" }),
    });
    expectProblem(res, 422, "url_not_allowed");
  });
});

describe("dryRun", () => {
  async function nothingCreated(run: () => Promise<void>) {
    const count = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
        .bind(user.workspaceId)
        .first<{ n: number }>())!.n;
    const objects = async () => (await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/` })).objects.length;
    const [jobs, stored] = [await count(), await objects()];
    await run();
    expect(await count()).toBe(jobs);
    expect(await objects()).toBe(stored);
  }

  it("estimates an upload from its bytes (exact for WAV) without keeping it", async () => {
    await nothingCreated(async () => {
      const res = await api("/api/v1/pipelines?dryRun=true", {
        token: user.accessToken,
        body: uploadForm(shortWav, { resolution: "1080p" }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, valid: true, estimatedCost: { currency: "USD" } });
      const meters = Object.fromEntries(
        res.body.usage.map((u: { meter: string; quantity: number }) => [u.meter, u.quantity]),
      );
      expect(meters.audio_seconds).toBeGreaterThan(3);
      expect(meters.render_seconds_1080p).toBe(meters.audio_seconds);
      expect(meters.diagrams).toBe(1);
      expect(res.body.estimatedProcessingSeconds).toBeGreaterThan(0);
    });
  });

  it("validates a URL request like the real one and says what it cannot know", async () => {
    await nothingCreated(async () => {
      const ok = await api("/api/v1/transcribe", {
        token: user.accessToken,
        json: { url: `${inject("remoteOrigin")}/speech/short.wav`, dryRun: true },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.estimatedCost).toBeNull();
      expect(ok.body.notes[0]).toMatch(/not known/);
      expectProblem(
        await api("/api/v1/transcribe", {
          token: user.accessToken,
          json: { url: "https://10.0.0.1/a.mp3", dryRun: true },
        }),
        422,
        "url_not_allowed",
      );
    });
  });

  it("estimates diagrams and videos", async () => {
    await nothingCreated(async () => {
      const diagram = await api("/api/v1/generate-diagram", {
        token: user.accessToken,
        json: { text: "First this. Then that.", dryRun: true },
      });
      expect(diagram.status).toBe(200);
      expect(diagram.body.usage).toEqual([{ meter: "diagrams", quantity: 1 }]);
      expectProblem(
        await api("/api/v1/generate-video", {
          token: user.accessToken,
          json: { diagramId: "dgm_00000000000000000000000000", dryRun: true },
        }),
        404,
      );
    });
  });
});
