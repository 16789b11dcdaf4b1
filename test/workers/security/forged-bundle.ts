/**
 * Forged workspace-export bundles for the import probes: a bundle with correct checksums holding
 * whatever rows a test chooses, and the rows an import could use to pre-claim another
 * workspace's job results.
 */
import { env } from "cloudflare:test";
import { newId } from "../../../workers/lib/ids";
import { api, type TestUser } from "../helpers";

export type Row = Record<string, unknown>;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

export const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A bundle in the export format holding `tables` (name → rows) for source workspace `source`; checksums are right. */
export async function forgedBundle(source: string, tables: Record<string, Row[]>): Promise<string> {
  const files = Object.entries(tables).map(([name, rows]) => ({
    name,
    rows,
    bytes: new TextEncoder().encode(rows.map((r) => `${JSON.stringify(r)}\n`).join("")),
  }));
  const manifest = {
    format: "zukai-workspace-export",
    version: 1,
    exportId: newId("exp"),
    createdAt: new Date().toISOString(),
    workspace: { id: source, name: "forged", kind: "team", plan: "free" },
    tables: await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        file: `tables/${f.name}.ndjson`,
        rows: f.rows.length,
        bytes: f.bytes.byteLength,
        sha256: await sha256Hex(f.bytes),
      })),
    ),
    objects: [],
  };
  return [
    JSON.stringify({ path: "manifest.json", base64: base64(new TextEncoder().encode(JSON.stringify(manifest))) }),
    ...files.map((f) => JSON.stringify({ path: `tables/${f.name}.ndjson`, base64: base64(f.bytes) })),
  ].join("\n");
}

export function importBundle(user: TestUser, bundle: string) {
  return api("/api/v1/workspaces/imports", {
    token: user.accessToken,
    body: bundle,
    headers: { "Content-Type": "application/x-ndjson" },
  });
}

export async function workspaceCount(user: TestUser): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM memberships WHERE user_id = ?")
    .bind(user.userId)
    .first<{ n: number }>())!.n;
}

/** Rows an import could use to pre-claim what job `jobId` of another workspace will write. */
export function claimsOn(source: string, jobId: string, userId: string): Record<string, Row[]> {
  const now = new Date().toISOString();
  const body = jobId.slice(4);
  return {
    diagrams: [
      {
        id: `dgm_${body}`,
        workspace_id: source,
        job_id: jobId,
        transcript_id: null,
        project_id: null,
        type: "process",
        title: "claimed",
        language: "en",
        detection: "{}",
        options: "{}",
        revision: 1,
        created_by: userId,
        created_at: now,
        updated_at: now,
      },
    ],
    artifacts: [
      {
        id: newId("art"),
        workspace_id: source,
        job_id: jobId,
        name: "diagram.svg",
        r2_key: `ws/${source}/jobs/${jobId}/diagram.svg`,
        content_type: "image/svg+xml",
        size: 1,
        sha256: "0".repeat(64),
        created_at: now,
      },
    ],
    usage_events: [
      {
        id: `use_${jobId}_diagrams`,
        workspace_id: source,
        job_id: jobId,
        meter: "diagrams",
        quantity: 0,
        occurred_at: now,
      },
      {
        id: `use_${jobId}_audio_seconds`,
        workspace_id: source,
        job_id: jobId,
        meter: "audio_seconds",
        quantity: 0,
        occurred_at: now,
      },
      {
        id: `use_${jobId}_render_seconds`,
        workspace_id: source,
        job_id: jobId,
        meter: "render_seconds_720p",
        quantity: 0,
        occurred_at: now,
      },
    ],
  };
}
