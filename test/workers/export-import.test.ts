/**
 * Backup and restore through the public API: a workspace with a project, a diagram drawn from text
 * and a transcript made by the real runner is exported, then restored into a new workspace; the
 * round trip is byte-identical by checksum (every R2 object's SHA-256, every row after renaming
 * ids). A tampered export is refused whole, with nothing written.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runScheduledExports, workspacesDueExport } from "../../workers/exports/scheduled";
import { EXPORTED_TABLES } from "../../workers/exports/tables";
import { api, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

const ID = /(?<![0-9a-z])[a-z]{2,4}_[0-9a-hjkmnp-tv-z]{26}(?![0-9a-z])/g;

async function sha256(bytes: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * A workspace's rows (every exported table, in insertion order) and R2 objects (key → SHA-256),
 * with every id renamed by order of first appearance: two workspaces give equal snapshots exactly
 * when they hold the same data up to a consistent renaming of ids.
 */
async function canonicalSnapshot(workspaceId: string) {
  const names = new Map<string, string>();
  const rename = (text: string) =>
    text.replace(ID, (id) => names.get(id) ?? (names.set(id, `${id.split("_")[0]}#${names.size}`), names.get(id)!));
  const tables: Record<string, string[]> = {};
  const { results: present } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
    name: string;
  }>();
  for (const table of EXPORTED_TABLES.filter((t) => present.some((p) => p.name === t))) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} WHERE workspace_id = ? ORDER BY rowid`)
      .bind(workspaceId)
      .all();
    tables[table] = results.map((row) => rename(JSON.stringify(row)));
  }
  const objects: Record<string, string> = {};
  const root = `ws/${workspaceId}/`;
  const listed = await env.MEDIA.list({ prefix: root });
  for (const object of listed.objects.sort((a, b) => a.key.localeCompare(b.key))) {
    if (object.key.startsWith(`${root}exports/`)) continue;
    objects[rename(object.key)] = await sha256(await (await env.MEDIA.get(object.key))!.arrayBuffer());
  }
  return { tables, objects };
}

async function exportNow(user: TestUser, workspaceId: string) {
  const started = await api(`/api/v1/workspaces/${workspaceId}/exports`, { method: "POST", token: user.accessToken });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.status).toBe("running");
  for (let i = 0; i < 100; i++) {
    const res = await api(`/api/v1/workspaces/${workspaceId}/exports/${started.body.id}`, { token: user.accessToken });
    if (res.body.status !== "running") return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("export did not finish");
}

async function workspaceCount(user: TestUser): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM memberships WHERE user_id = ?")
    .bind(user.userId)
    .first<{ n: number }>())!.n;
}

describe("workspace export and import", () => {
  let owner: TestUser;
  let exported: any;

  beforeAll(async () => {
    owner = await registerUser("backup-owner");
    const project = await api("/api/v1/projects", {
      token: owner.accessToken,
      json: { name: "Quarterly review", description: "Backed up" },
    });
    expect(project.status).toBe(201);
    const diagram = await api("/api/v1/generate-diagram", {
      token: owner.accessToken,
      json: {
        text: "First we collect the data. Then we analyse the results. Finally we draw the diagram.",
        projectId: project.body.id,
      },
    });
    expect(diagram.status, JSON.stringify(diagram.body)).toBe(201);
    const transcription = await api("/api/v1/transcribe", {
      token: owner.accessToken,
      json: { url: `${inject("remoteOrigin")}/speech/short.wav`, projectId: project.body.id },
    });
    expect(transcription.status, JSON.stringify(transcription.body)).toBe(202);
    expect((await waitForJob(owner.accessToken, transcription.body.id)).status).toBe("succeeded");
    exported = await exportNow(owner, owner.workspaceId);
  }, 120_000);

  it("writes NDJSON per table and a manifest of every R2 object with its SHA-256", async () => {
    expect(exported).toMatchObject({
      status: "succeeded",
      trigger: "manual",
      manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const tables = Object.fromEntries(
      exported.manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]),
    );
    expect(tables).toMatchObject({ projects: 1, jobs: 2, diagrams: 1, transcripts: 1 });
    const keys = exported.manifest.objects.map((o: { key: string }) => o.key);
    expect(keys.some((k: string) => k.endsWith("/diagram.svg"))).toBe(true);
    expect(keys.some((k: string) => k.endsWith("/transcript.json"))).toBe(true);
    for (const object of exported.manifest.objects) {
      const original = await env.MEDIA.get(`ws/${owner.workspaceId}/${object.key}`);
      expect(await sha256(await original!.arrayBuffer()), object.key).toBe(object.sha256);
    }
  });

  it("restores into a new workspace owned by the caller, byte-identical by checksum", async () => {
    const res = await api("/api/v1/workspaces/imports", {
      token: owner.accessToken,
      json: { exportId: exported.id, name: "Restored" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const restoredId: string = res.body.workspace.id;
    expect(restoredId).not.toBe(owner.workspaceId);
    expect(res.body).toMatchObject({
      workspace: { name: "Restored", kind: "team", plan: "free" },
      objects: exported.objectCount,
      rows: exported.rowCount,
    });

    const [before, after] = [await canonicalSnapshot(owner.workspaceId), await canonicalSnapshot(restoredId)];
    expect(Object.keys(after.objects)).toHaveLength(exported.objectCount);
    expect(after).toEqual(before);

    // The restored workspace works through the API like the original.
    const ws = await api(`/api/v1/workspaces/${restoredId}`, { token: owner.accessToken });
    expect(ws.body).toMatchObject({ role: "owner", name: "Restored" });
    const projects = await api("/api/v1/projects", {
      token: owner.accessToken,
      headers: { "Zukai-Workspace": restoredId },
    });
    expect(projects.body.items.map((p: { name: string }) => p.name)).toEqual(["Quarterly review"]);
    const [diagramRow] = (
      await env.DB.prepare("SELECT id FROM diagrams WHERE workspace_id = ?").bind(restoredId).all<{ id: string }>()
    ).results;
    const svg = await api(`/api/v1/diagrams/${diagramRow!.id}.svg`, {
      token: owner.accessToken,
      headers: { "Zukai-Workspace": restoredId },
    });
    expect(svg.status).toBe(200);
    expect(String(svg.body)).toContain("<svg");
  });

  it("restores an uploaded bundle the same way", async () => {
    const bundle = await api(`/api/v1/workspaces/${owner.workspaceId}/exports/${exported.id}/bundle`, {
      token: owner.accessToken,
    });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const text = typeof bundle.body === "string" ? bundle.body : JSON.stringify(bundle.body);
    const res = await api("/api/v1/workspaces/imports?name=From%20bundle", {
      token: owner.accessToken,
      body: text,
      headers: { "Content-Type": "application/x-ndjson" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await canonicalSnapshot(res.body.workspace.id)).toEqual(await canonicalSnapshot(owner.workspaceId));

    // One flipped byte in one object of the bundle: refused, nothing written.
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const object = lines.find((l: { path: string }) => l.path.startsWith("objects/"))!;
    const bytes = Uint8Array.from(atob(object.base64), (ch) => ch.charCodeAt(0));
    bytes[0] = bytes[0]! ^ 1;
    object.base64 = btoa(String.fromCharCode(...bytes));
    const count = await workspaceCount(owner);
    const tampered = await api("/api/v1/workspaces/imports", {
      token: owner.accessToken,
      body: lines.map((l) => JSON.stringify(l)).join("\n"),
      headers: { "Content-Type": "application/x-ndjson" },
    });
    expectProblem(tampered, 422, "checksum_mismatch");
    expect(await workspaceCount(owner)).toBe(count);
  });

  it("refuses a tampered export with 422 and writes nothing", async () => {
    const second = await exportNow(owner, owner.workspaceId);
    const prefix = `ws/${owner.workspaceId}/exports/${second.id}/`;
    const svgKey = second.manifest.objects.find((o: { key: string }) => o.key.endsWith("/diagram.svg")).key;
    const original = await (await env.MEDIA.get(`${prefix}objects/${svgKey}`))!.text();
    await env.MEDIA.put(`${prefix}objects/${svgKey}`, original.replace("<svg", "<svg data-x='1'"));
    const count = await workspaceCount(owner);
    const before = (await env.MEDIA.list({ prefix: "ws/" })).objects.length;
    expectProblem(
      await api("/api/v1/workspaces/imports", { token: owner.accessToken, json: { exportId: second.id } }),
      422,
      "checksum_mismatch",
    );
    expect(await workspaceCount(owner)).toBe(count);
    expect((await env.MEDIA.list({ prefix: "ws/" })).objects.length).toBe(before);

    // A table file edited after the export: also refused.
    await env.MEDIA.put(`${prefix}objects/${svgKey}`, original);
    await env.MEDIA.put(
      `${prefix}tables/projects.ndjson`,
      (await (await env.MEDIA.get(`${prefix}tables/projects.ndjson`))!.text()).replace("Quarterly", "Monthly"),
    );
    expectProblem(
      await api("/api/v1/workspaces/imports", { token: owner.accessToken, json: { exportId: second.id } }),
      422,
      "checksum_mismatch",
    );
    expect(await workspaceCount(owner)).toBe(count);
  });

  it("answers 404 for another workspace's export and 422 for a bundle that is not one", async () => {
    const stranger = await registerUser("backup-stranger");
    expectProblem(
      await api("/api/v1/workspaces/imports", { token: stranger.accessToken, json: { exportId: exported.id } }),
      404,
      "not_found",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${owner.workspaceId}/exports/${exported.id}`, { token: stranger.accessToken }),
      404,
      "not_found",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${stranger.workspaceId}/exports/${exported.id}`, { token: stranger.accessToken }),
      404,
      "not_found",
    );
    const junk = await api("/api/v1/workspaces/imports", {
      token: stranger.accessToken,
      body: "not json\n",
      headers: { "Content-Type": "application/x-ndjson" },
    });
    expectProblem(junk, 422, "invalid_bundle");
    expectProblem(
      await api("/api/v1/workspaces/imports", {
        token: stranger.accessToken,
        body: "x",
        headers: { "Content-Type": "text/plain" },
      }),
      415,
    );
  });

  it("runs scheduled exports for plans that include them, once per interval", async () => {
    const pro = await registerUser("backup-pro");
    await env.DB.prepare("UPDATE workspaces SET plan = 'professional' WHERE id = ?").bind(pro.workspaceId).run();
    expect(await workspacesDueExport(env)).toContain(pro.workspaceId);
    expect(await workspacesDueExport(env)).not.toContain(owner.workspaceId); // free: none
    await runScheduledExports(env);
    const list = await api(`/api/v1/workspaces/${pro.workspaceId}/exports`, { token: pro.accessToken });
    expect(list.body.items).toMatchObject([{ trigger: "scheduled", status: "succeeded" }]);
    expect(await workspacesDueExport(env)).not.toContain(pro.workspaceId);
  });
});
