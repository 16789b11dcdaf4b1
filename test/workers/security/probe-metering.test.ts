/**
 * Issue 16's probe of metering, through the public API: an import into a new workspace cannot
 * pre-claim a job's usage row or results in another workspace, and every capped monthly
 * allowance holds exactly under a burst. The import probes are in probe-import.test.ts.
 */
import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { newId } from "../../../workers/lib/ids";
import { api, expectProblem, jobEnded, registerUser, waitForJob } from "../helpers";
import { recordUsage } from "../usage-helpers";
import "../provided-context";
import { claimsOn, forgedBundle, importBundle } from "./forged-bundle";
import { sec } from "./owasp";

const SENTENCE =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure. Finally we draw the diagram.";
/** Past the synchronous limit, so it becomes a queued diagram job. */
const LONG_TEXT = Array.from({ length: 45 }, (_, i) => `Step ${i + 1}: ${SENTENCE}`).join(" ");

async function setUsage(workspaceId: string, meter: string, quantity: number): Promise<void> {
  await recordUsage(env, {
    id: newId("use"),
    workspaceId,
    jobId: null,
    meter: meter as never,
    quantity,
    occurredAt: new Date().toISOString(),
  });
}

async function meterTotal(workspaceId: string, meter: string): Promise<number> {
  return (await env.DB.prepare(
    "SELECT COALESCE(SUM(quantity), 0) AS q FROM usage_events WHERE workspace_id = ? AND meter = ?",
  )
    .bind(workspaceId, meter)
    .first<{ q: number }>())!.q;
}

describe("usage and results derived from a job id", () => {
  it(sec(
    "API6",
    "an import cannot pre-claim another workspace's job usage or results: the job is still metered and keeps its diagram",
  ), async () => {
    const victim = await registerUser("probe-meter-victim");
    const attacker = await registerUser("probe-meter-attacker");
    // The free plan runs one job at a time: a transcription holds the slot, so the diagram job waits queued.
    const blocker = await api("/api/v1/transcribe", {
      token: victim.accessToken,
      json: { url: `${inject("remoteOrigin")}/speech/short.wav` },
    });
    expect(blocker.status, JSON.stringify(blocker.body)).toBe(202);
    const queued = await api("/api/v1/generate-diagram", { token: victim.accessToken, json: { text: LONG_TEXT } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const jobId: string = queued.body.id;

    const source = newId("ws");
    const imported = await importBundle(attacker, await forgedBundle(source, claimsOn(source, jobId, attacker.userId)));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(
      (await api(`/api/v1/jobs/${jobId}`, { token: victim.accessToken })).body.status,
      "the probe needs the job not yet drawn",
    ).not.toBe("succeeded");
    // Nothing in the restored workspace names the victim's job.
    const named = await env.DB.prepare(
      "SELECT (SELECT COUNT(*) FROM usage_events WHERE workspace_id = ?1 AND (job_id = ?2 OR id LIKE '%' || ?2 || '%')) + (SELECT COUNT(*) FROM artifacts WHERE workspace_id = ?1 AND job_id = ?2) + (SELECT COUNT(*) FROM diagrams WHERE workspace_id = ?1 AND (job_id = ?2 OR id = ?3)) AS n",
    )
      .bind(imported.body.workspace.id, jobId, `dgm_${jobId.slice(4)}`)
      .first<{ n: number }>();
    expect(named!.n).toBe(0);

    expect((await waitForJob(victim.accessToken, blocker.body.id)).status).toBe("succeeded");
    expect((await waitForJob(victim.accessToken, jobId)).status).toBe("succeeded");
    const usage = await env.DB.prepare("SELECT meter, quantity FROM usage_events WHERE workspace_id = ? AND job_id = ?")
      .bind(victim.workspaceId, jobId)
      .all<{ meter: string; quantity: number }>();
    expect(usage.results).toEqual([{ meter: "diagrams", quantity: 1 }]);
    const artifacts = await env.DB.prepare(
      "SELECT name FROM artifacts WHERE workspace_id = ? AND job_id = ? ORDER BY name",
    )
      .bind(victim.workspaceId, jobId)
      .all<{ name: string }>();
    expect(artifacts.results.map((a) => a.name)).toContain("diagram.svg");
    const diagram = await api(`/api/v1/diagrams/dgm_${jobId.slice(4)}`, { token: victim.accessToken });
    expect(diagram.status, JSON.stringify(diagram.body)).toBe(200);
    expect(diagram.body.title).not.toBe("claimed");
  }, 120_000);
});

describe("monthly allowances under concurrency", () => {
  it(
    sec(
      "API4",
      "30 concurrent diagrams at 45/50 on the free plan: exactly 5 drawn, 25 refused with the sequential 402",
    ),
    async () => {
      const user = await registerUser("probe-allow-dgm");
      await setUsage(user.workspaceId, "diagrams", 45);
      const responses = await Promise.all(
        Array.from({ length: 30 }, () =>
          api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } }),
        ),
      );
      expect(responses.filter((r) => r.status === 201).length).toBe(5);
      for (const res of responses.filter((r) => r.status !== 201)) {
        expectProblem(res, 402, "quota_exceeded");
        expect(res.body).toMatchObject({ quota: "monthly_diagrams", limit: 50, current: 50, unit: "diagrams" });
      }
      expect(await meterTotal(user.workspaceId, "diagrams")).toBe(50);
      // Nothing half-written: the refused requests left no job and no diagram.
      const jobs = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE workspace_id = ?")
        .bind(user.workspaceId)
        .first<{ n: number }>();
      expect(jobs!.n).toBe(5);
    },
  );

  it(sec("API4", "a burst of queued diagram jobs at 48/50: exactly 2 accepted, and the month ends at 50"), async () => {
    const user = await registerUser("probe-allow-queued");
    await setUsage(user.workspaceId, "diagrams", 48);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } }),
      ),
    );
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length).toBe(2);
    for (const res of responses.filter((r) => r.status !== 202)) expectProblem(res, 402, "quota_exceeded");
    for (const res of accepted) expect((await waitForJob(user.accessToken, res.body.id)).status).toBe("succeeded");
    expect(await meterTotal(user.workspaceId, "diagrams")).toBe(50);
  }, 120_000);

  it(sec("API4", "concurrent transcriptions one second below the monthly minutes: exactly one runs"), async () => {
    const user = await registerUser("probe-allow-audio");
    await setUsage(user.workspaceId, "audio_seconds", 3_599);
    const url = `${inject("remoteOrigin")}/speech/short.wav`;
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => api("/api/v1/transcribe", { token: user.accessToken, json: { url } })),
    );
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length, JSON.stringify(responses.map((r) => r.body))).toBe(1);
    for (const res of responses.filter((r) => r.status !== 202)) {
      expectProblem(res, 402, "quota_exceeded");
      expect(res.body).toMatchObject({ quota: "monthly_processing", limit: 60, unit: "minutes" });
    }
    expect((await waitForJob(user.accessToken, accepted[0]!.body.id, jobEnded)).status).toBe("succeeded");
  }, 120_000);

  it(sec("API4", "concurrent videos one second below the free render allowance: exactly one is accepted"), async () => {
    const user = await registerUser("probe-allow-render");
    const diagram = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    expect(diagram.status).toBe(201);
    await setUsage(user.workspaceId, "render_seconds_720p", 599);
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        api("/api/v1/generate-video", { token: user.accessToken, json: { diagramId: diagram.body.id } }),
      ),
    );
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length, JSON.stringify(responses.map((r) => r.body))).toBe(1);
    for (const res of responses.filter((r) => r.status !== 202)) {
      expectProblem(res, 402, "quota_exceeded");
      expect(res.body).toMatchObject({ quota: "monthly_render_seconds_720p", limit: 600, unit: "seconds" });
    }
    await waitForJob(user.accessToken, accepted[0]!.body.id, jobEnded);
  }, 120_000);
});
