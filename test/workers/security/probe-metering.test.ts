/**
 * Issue 16's probe of metering and import, through the public API: an import into a new workspace
 * cannot pre-claim a job's usage row or results in another workspace; every capped monthly
 * allowance holds exactly under a burst; import answers stable problems that say nothing about
 * other workspaces' ids; and import applies the create routes' rules and limits.
 */
import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { newId } from "../../../workers/lib/ids";
import { recordUsage } from "../../../workers/usage/ledger";
import { api, expectProblem, jobEnded, registerUser, waitForJob, type TestUser } from "../helpers";
import "../provided-context";
import { sec } from "./owasp";

const SENTENCE = "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure. Finally we draw the diagram.";
/** Past the synchronous limit, so it becomes a queued diagram job. */
const LONG_TEXT = Array.from({ length: 45 }, (_, i) => `Step ${i + 1}: ${SENTENCE}`).join(" ");

type Row = Record<string, unknown>;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A bundle in the export format holding `tables` (name → rows) for source workspace `source`; checksums are right. */
async function forgedBundle(source: string, tables: Record<string, Row[]>): Promise<string> {
  const files = Object.entries(tables).map(([name, rows]) => ({ name, rows, bytes: new TextEncoder().encode(rows.map((r) => `${JSON.stringify(r)}\n`).join("")) }));
  const manifest = {
    format: "zukai-workspace-export",
    version: 1,
    exportId: newId("exp"),
    createdAt: new Date().toISOString(),
    workspace: { id: source, name: "forged", kind: "team", plan: "free" },
    tables: await Promise.all(files.map(async (f) => ({ name: f.name, file: `tables/${f.name}.ndjson`, rows: f.rows.length, bytes: f.bytes.byteLength, sha256: await sha256Hex(f.bytes) }))),
    objects: [],
  };
  return [
    JSON.stringify({ path: "manifest.json", base64: base64(new TextEncoder().encode(JSON.stringify(manifest))) }),
    ...files.map((f) => JSON.stringify({ path: `tables/${f.name}.ndjson`, base64: base64(f.bytes) })),
  ].join("\n");
}

function importBundle(user: TestUser, bundle: string) {
  return api("/api/v1/workspaces/imports", { token: user.accessToken, body: bundle, headers: { "Content-Type": "application/x-ndjson" } });
}

async function workspaceCount(user: TestUser): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM memberships WHERE user_id = ?").bind(user.userId).first<{ n: number }>())!.n;
}

/** Rows an import could use to pre-claim what job `jobId` of another workspace will write. */
function claimsOn(source: string, jobId: string, userId: string): Record<string, Row[]> {
  const now = new Date().toISOString();
  const body = jobId.slice(4);
  return {
    diagrams: [
      { id: `dgm_${body}`, workspace_id: source, job_id: jobId, transcript_id: null, project_id: null, type: "process", title: "claimed", language: "en", detection: "{}", options: "{}", revision: 1, created_by: userId, created_at: now, updated_at: now },
    ],
    artifacts: [
      { id: newId("art"), workspace_id: source, job_id: jobId, name: "diagram.svg", r2_key: `ws/${source}/jobs/${jobId}/diagram.svg`, content_type: "image/svg+xml", size: 1, sha256: "0".repeat(64), created_at: now },
    ],
    usage_events: [
      { id: `use_${jobId}_diagrams`, workspace_id: source, job_id: jobId, meter: "diagrams", quantity: 0, occurred_at: now },
      { id: `use_${jobId}_audio_seconds`, workspace_id: source, job_id: jobId, meter: "audio_seconds", quantity: 0, occurred_at: now },
      { id: `use_${jobId}_render_seconds`, workspace_id: source, job_id: jobId, meter: "render_seconds_720p", quantity: 0, occurred_at: now },
    ],
  };
}

async function setUsage(workspaceId: string, meter: string, quantity: number): Promise<void> {
  await recordUsage(env, { id: newId("use"), workspaceId, jobId: null, meter: meter as never, quantity, occurredAt: new Date().toISOString() });
}

async function meterTotal(workspaceId: string, meter: string): Promise<number> {
  return (await env.DB.prepare("SELECT COALESCE(SUM(quantity), 0) AS q FROM usage_events WHERE workspace_id = ? AND meter = ?").bind(workspaceId, meter).first<{ q: number }>())!.q;
}

describe("usage and results derived from a job id", () => {
  it(sec("API6", "an import cannot pre-claim another workspace's job usage or results: the job is still metered and keeps its diagram"), async () => {
    const victim = await registerUser("probe-meter-victim");
    const attacker = await registerUser("probe-meter-attacker");
    // The free plan runs one job at a time: a transcription holds the slot, so the diagram job waits queued.
    const blocker = await api("/api/v1/transcribe", { token: victim.accessToken, json: { url: `${inject("remoteOrigin")}/speech/short.wav` } });
    expect(blocker.status, JSON.stringify(blocker.body)).toBe(202);
    const queued = await api("/api/v1/generate-diagram", { token: victim.accessToken, json: { text: LONG_TEXT } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const jobId: string = queued.body.id;

    const source = newId("ws");
    const imported = await importBundle(attacker, await forgedBundle(source, claimsOn(source, jobId, attacker.userId)));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect((await api(`/api/v1/jobs/${jobId}`, { token: victim.accessToken })).body.status, "the probe needs the job not yet drawn").not.toBe("succeeded");
    // Nothing in the restored workspace names the victim's job.
    const named = await env.DB.prepare("SELECT (SELECT COUNT(*) FROM usage_events WHERE workspace_id = ?1 AND (job_id = ?2 OR id LIKE '%' || ?2 || '%')) + (SELECT COUNT(*) FROM artifacts WHERE workspace_id = ?1 AND job_id = ?2) + (SELECT COUNT(*) FROM diagrams WHERE workspace_id = ?1 AND (job_id = ?2 OR id = ?3)) AS n")
      .bind(imported.body.workspace.id, jobId, `dgm_${jobId.slice(4)}`)
      .first<{ n: number }>();
    expect(named!.n).toBe(0);

    expect((await waitForJob(victim.accessToken, blocker.body.id)).status).toBe("succeeded");
    expect((await waitForJob(victim.accessToken, jobId)).status).toBe("succeeded");
    const usage = await env.DB.prepare("SELECT meter, quantity FROM usage_events WHERE workspace_id = ? AND job_id = ?").bind(victim.workspaceId, jobId).all<{ meter: string; quantity: number }>();
    expect(usage.results).toEqual([{ meter: "diagrams", quantity: 1 }]);
    const artifacts = await env.DB.prepare("SELECT name FROM artifacts WHERE workspace_id = ? AND job_id = ? ORDER BY name").bind(victim.workspaceId, jobId).all<{ name: string }>();
    expect(artifacts.results.map((a) => a.name)).toContain("diagram.svg");
    const diagram = await api(`/api/v1/diagrams/dgm_${jobId.slice(4)}`, { token: victim.accessToken });
    expect(diagram.status, JSON.stringify(diagram.body)).toBe(200);
    expect(diagram.body.title).not.toBe("claimed");
  }, 120_000);
});

describe("monthly allowances under concurrency", () => {
  it(sec("API4", "30 concurrent diagrams at 45/50 on the free plan: exactly 5 drawn, 25 refused with the sequential 402"), async () => {
    const user = await registerUser("probe-allow-dgm");
    await setUsage(user.workspaceId, "diagrams", 45);
    const responses = await Promise.all(Array.from({ length: 30 }, () => api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } })));
    expect(responses.filter((r) => r.status === 201).length).toBe(5);
    for (const res of responses.filter((r) => r.status !== 201)) {
      expectProblem(res, 402, "quota_exceeded");
      expect(res.body).toMatchObject({ quota: "monthly_diagrams", limit: 50, current: 50, unit: "diagrams" });
    }
    expect(await meterTotal(user.workspaceId, "diagrams")).toBe(50);
    // Nothing half-written: the refused requests left no job and no diagram.
    const jobs = await env.DB.prepare("SELECT COUNT(*) AS n FROM jobs WHERE workspace_id = ?").bind(user.workspaceId).first<{ n: number }>();
    expect(jobs!.n).toBe(5);
  });

  it(sec("API4", "a burst of queued diagram jobs at 48/50: exactly 2 accepted, and the month ends at 50"), async () => {
    const user = await registerUser("probe-allow-queued");
    await setUsage(user.workspaceId, "diagrams", 48);
    const responses = await Promise.all(Array.from({ length: 8 }, () => api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } })));
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
    const responses = await Promise.all(Array.from({ length: 4 }, () => api("/api/v1/transcribe", { token: user.accessToken, json: { url } })));
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
    const responses = await Promise.all(Array.from({ length: 4 }, () => api("/api/v1/generate-video", { token: user.accessToken, json: { diagramId: diagram.body.id } })));
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length, JSON.stringify(responses.map((r) => r.body))).toBe(1);
    for (const res of responses.filter((r) => r.status !== 202)) {
      expectProblem(res, 402, "quota_exceeded");
      expect(res.body).toMatchObject({ quota: "monthly_render_seconds_720p", limit: 600, unit: "seconds" });
    }
    await waitForJob(user.accessToken, accepted[0]!.body.id, jobEnded);
  }, 120_000);
});

describe("import problems", () => {
  it(sec("API8", "import answers the same whether or not a bundle's ids exist in another workspace, and never with a database message"), async () => {
    const victim = await registerUser("probe-import-victim");
    const attacker = await registerUser("probe-import-attacker");
    const drawn = await api("/api/v1/generate-diagram", { token: victim.accessToken, json: { text: SENTENCE } });
    expect(drawn.status).toBe(201);
    const existing: string = drawn.body.jobId ?? (await env.DB.prepare("SELECT id FROM jobs WHERE workspace_id = ?").bind(victim.workspaceId).first<{ id: string }>())!.id;
    const answers = [];
    for (const jobId of [existing, newId("job")]) {
      const source = newId("ws");
      answers.push(await importBundle(attacker, await forgedBundle(source, { usage_events: claimsOn(source, jobId, attacker.userId).usage_events! })));
    }
    expect(answers.map((a) => a.status)).toEqual([201, 201]);

    // A bundle whose own rows collide: a stable problem, no table or column names.
    const source = newId("ws");
    const row = { id: newId("prj"), workspace_id: source, name: "twin", description: "", created_by: attacker.userId, created_at: new Date().toISOString(), updated_at: new Date().toISOString() };
    const before = await workspaceCount(attacker);
    const twin = await importBundle(attacker, await forgedBundle(source, { projects: [row, row] }));
    expectProblem(twin, 422, "invalid_export");
    expect(JSON.stringify(twin.body)).not.toMatch(/constraint|sqlite|D1_|projects\.id|UNIQUE/i);
    expect(await workspaceCount(attacker)).toBe(before);
  });
});

describe("import applies the create rules", () => {
  const role = (source: string, userId: string, name: string, permissions: string[] = ["jobs:read"]) => {
    const now = new Date().toISOString();
    return { id: newId("rol"), workspace_id: source, name, description: "", permissions: JSON.stringify(permissions), created_by: userId, created_at: now, updated_at: now };
  };

  it(sec("API5", "no more than 50 custom roles, none named like a built-in role in any case, only real permissions; all or nothing"), async () => {
    const user = await registerUser("probe-import-roles");
    const before = await workspaceCount(user);
    const source = newId("ws");
    const many = Array.from({ length: 51 }, (_, i) => role(source, user.userId, `role ${i}`));
    expectProblem(await importBundle(user, await forgedBundle(source, { custom_roles: many })), 409, "role_limit_reached");
    for (const name of ["viewer", "Owner", " ADMIN "]) {
      expectProblem(await importBundle(user, await forgedBundle(source, { custom_roles: [role(source, user.userId, name, ["workspace:delete"])] })), 409, "role_name_taken");
    }
    expectProblem(await importBundle(user, await forgedBundle(source, { custom_roles: [role(source, user.userId, "auditor", ["everything:all"])] })), 422, "invalid_export");
    expect(await workspaceCount(user)).toBe(before);
    // Fifty is still fine, as through the API.
    const fifty = await importBundle(user, await forgedBundle(source, { custom_roles: many.slice(0, 50) }));
    expect(fifty.status, JSON.stringify(fifty.body)).toBe(201);
    const roles = await api(`/api/v1/workspaces/${fifty.body.workspace.id}/roles`, { token: user.accessToken });
    expect(roles.body.items.filter((r: { id: string }) => r.id.startsWith("rol_")).length).toBe(50);
  });

  it(sec("API4", "no more than 50 dashboards, with panels the dashboard API accepts"), async () => {
    const user = await registerUser("probe-import-dash");
    const before = await workspaceCount(user);
    const source = newId("ws");
    const now = new Date().toISOString();
    const dashboard = (panels: unknown[]) => ({ id: newId("dsh"), workspace_id: source, name: "ops", panels: JSON.stringify(panels), created_by: user.userId, created_at: now, updated_at: now });
    expectProblem(await importBundle(user, await forgedBundle(source, { dashboards: Array.from({ length: 51 }, () => dashboard([])) })), 409, "dashboard_limit");
    expectProblem(await importBundle(user, await forgedBundle(source, { dashboards: [dashboard([{ id: "x", title: "t", metric: "nope", chart: "pie", rangeSeconds: 1 }])] })), 422, "invalid_export");
    expect(await workspaceCount(user)).toBe(before);
  });
});
