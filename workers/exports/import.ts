/**
 * Restoring an export into a NEW workspace owned by the caller. Everything is verified before
 * anything is written: the manifest against the checksum recorded at export time (when importing
 * by export id), every table file against the manifest, every object against its SHA-256 while it
 * is copied. A mismatch answers 422 and removes the copies; the D1 rows go in one batch, so the
 * new workspace appears whole or not at all.
 */
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { AppError } from "../lib/errors";
import { isoNow } from "../lib/time";
import { quotaFailureOf } from "../quotas/refusals";
import type { BundleSource } from "./bundle";
import { copyHashed, sha256Of } from "./hashing";
import { checkCreateRules } from "./import-rules";
import { ExportManifest } from "./manifest";
import { IdMap } from "./remap";
import { presentTables } from "./tables";

const HAS_ID = /(?<![0-9a-z])[a-z]{2,4}_[0-9a-hjkmnp-tv-z]{26}(?![0-9a-z])/;
const checksumMismatch = (what: string) =>
  new AppError(
    422,
    "checksum_mismatch",
    "Checksum mismatch",
    `${what} does not match its checksum; nothing was imported.`,
  );
const invalidExport = (detail: string) => new AppError(422, "invalid_export", "Invalid export", detail);

export interface ImportResult {
  workspace: { id: string; name: string; kind: "team"; plan: string; createdAt: string };
  rows: number;
  objects: number;
}

interface TableRows {
  name: string;
  rows: Record<string, unknown>[];
}

async function readManifest(source: BundleSource, expectedSha256: string | null): Promise<ExportManifest> {
  const bytes = await source.readFile("manifest.json");
  if (!bytes) throw invalidExport("The export has no manifest.json.");
  if (expectedSha256 && (await sha256Of(bytes)) !== expectedSha256) throw checksumMismatch("manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalidExport("manifest.json is not JSON.");
  }
  const manifest = ExportManifest.safeParse(json);
  if (!manifest.success) throw invalidExport("manifest.json is not a Zukai workspace export manifest.");
  return manifest.data;
}

/** The columns of a table, so that a bundle can name no column (and inject no SQL) we do not have. */
async function columnsOf(env: Env, table: string): Promise<Set<string>> {
  const { results } = await env.DB.prepare("SELECT name FROM pragma_table_info(?)").bind(table).all<{ name: string }>();
  return new Set(results.map((r) => r.name));
}

async function readTables(env: Env, source: BundleSource, manifest: ExportManifest): Promise<TableRows[]> {
  const allowed = new Set(await presentTables(env));
  const tables: TableRows[] = [];
  for (const entry of manifest.tables) {
    if (!allowed.has(entry.name))
      throw invalidExport(`The export carries table ${entry.name}, which an import does not restore.`);
    const bytes = await source.readFile(`tables/${entry.name}.ndjson`);
    if (!bytes || bytes.byteLength !== entry.bytes || (await sha256Of(bytes)) !== entry.sha256)
      throw checksumMismatch(`tables/${entry.name}.ndjson`);
    const lines = new TextDecoder().decode(bytes).split("\n").filter(Boolean);
    const columns = await columnsOf(env, entry.name);
    const rows = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw invalidExport(`tables/${entry.name}.ndjson has a line that is not JSON.`);
      }
    });
    for (const row of rows) {
      if (typeof row !== "object" || row === null || Array.isArray(row))
        throw invalidExport(`A row of ${entry.name} is not an object.`);
      if (row.workspace_id !== manifest.workspace.id)
        throw invalidExport(`A row of ${entry.name} belongs to another workspace.`);
      const unknown = Object.keys(row).find((c) => !columns.has(c));
      if (unknown) throw invalidExport(`Table ${entry.name} has no column ${unknown}.`);
      if (Object.values(row).some((v) => v !== null && !["string", "number", "boolean"].includes(typeof v)))
        throw invalidExport(`A row of ${entry.name} holds a nested value.`);
      // Identity columns hold ids (or ids derived from ids) or nothing, so every one is renamed on the way in.
      const notAnId = Object.entries(row).find(
        ([c, v]) => (c === "id" || c.endsWith("_id")) && v !== null && !(typeof v === "string" && HAS_ID.test(v)),
      );
      if (notAnId) throw invalidExport(`A row of ${entry.name} has a ${notAnId[0]} that is not an id.`);
      // The ledger only ever grows: a negative (or non-numeric) quantity in a bundle would be free work and a credit on the invoice.
      if (
        entry.name === "usage_events" &&
        !(typeof row.quantity === "number" && Number.isFinite(row.quantity) && row.quantity >= 0)
      ) {
        throw invalidExport("A usage event of the export has a negative or invalid quantity.");
      }
    }
    if (rows.length !== entry.rows)
      throw invalidExport(`tables/${entry.name}.ndjson holds ${rows.length} rows, the manifest says ${entry.rows}.`);
    tables.push({ name: entry.name, rows });
  }
  return tables;
}

/** Every R2 key a restored row names must lie inside the new workspace. */
function checkKeysStayInside(row: Record<string, unknown>, newWorkspaceId: string): void {
  for (const value of Object.values(row)) {
    if (typeof value !== "string") continue;
    for (const match of value.matchAll(/ws\/(ws_[0-9a-z]{26})\//g)) {
      if (match[1] !== newWorkspaceId) throw invalidExport("A row names storage of another workspace.");
    }
  }
}

async function copyObjects(
  env: Env,
  source: BundleSource,
  manifest: ExportManifest,
  ids: IdMap,
  root: string,
  written: string[],
): Promise<void> {
  for (const object of manifest.objects) {
    const file = await source.openObject(`objects/${object.key}`);
    if (!file || file.size !== object.size) throw checksumMismatch(`objects/${object.key}`);
    const target = root + ids.rewrite(object.key);
    written.push(target);
    const sha256 = await copyHashed(env.MEDIA, file.body, file.size, target, object.contentType).catch(() => "");
    if (sha256 !== object.sha256) throw checksumMismatch(`objects/${object.key}`);
  }
}

function insertStatement(env: Env, table: string, row: Record<string, unknown>): D1PreparedStatement {
  const columns = Object.keys(row);
  const values = columns.map((c) => (typeof row[c] === "boolean" ? Number(row[c]) : row[c]));
  return env.DB.prepare(
    `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
  ).bind(...values);
}

/** Restores `source` into a new team workspace owned by `userId`; its audit entry goes in the batch of rows. */
export async function importWorkspace(
  env: Env,
  source: BundleSource,
  options: { expectedManifestSha256: string | null; userId: string; name?: string },
  audit: AuditOf<ImportResult>,
): Promise<ImportResult> {
  const manifest = await readManifest(source, options.expectedManifestSha256);
  const tables = await readTables(env, source, manifest);

  await checkCreateRules(env, tables);

  // Every id in the bundle is renamed, also ids of rows it does not hold: see remap.ts.
  const ids = new IdMap();
  ids.collect(manifest.workspace.id);
  for (const table of tables) for (const row of table.rows) ids.collectRow(row);
  for (const object of manifest.objects) ids.collect(object.key);
  const newWorkspaceId = ids.rewrite(manifest.workspace.id);
  const restored = tables.map((t) => ({
    name: t.name,
    rows: t.rows.map((row) => ({ ...ids.rewriteRow(row), workspace_id: newWorkspaceId })),
  }));
  for (const table of restored) for (const row of table.rows) checkKeysStayInside(row, newWorkspaceId);

  const written: string[] = [];
  const now = isoNow();
  const workspace = {
    id: newWorkspaceId,
    name: (options.name ?? `${manifest.workspace.name} (restored)`).slice(0, 100),
    kind: "team" as const,
    plan: "free",
    createdAt: now,
  };
  const result: ImportResult = {
    workspace,
    rows: restored.reduce((n, t) => n + t.rows.length, 0),
    objects: manifest.objects.length,
  };
  try {
    await copyObjects(env, source, manifest, ids, `ws/${newWorkspaceId}/`, written);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO workspaces (id, name, kind, plan, created_by, created_at, updated_at) VALUES (?, ?, 'team', 'free', ?, ?, ?)",
      ).bind(workspace.id, workspace.name, options.userId, now, now),
      env.DB.prepare(
        "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, 'owner', ?)",
      ).bind(workspace.id, options.userId, now),
      ...restored.flatMap((table) => table.rows.map((row) => insertStatement(env, table.name, row))),
      auditOutboxStatement(env, workspace.id, audit(result)),
    ]);
  } catch (error) {
    // Nothing half-written: the copies go, and the batch either ran whole or not at all.
    await Promise.all(written.map((key) => env.MEDIA.delete(key)));
    if (error instanceof AppError) throw error;
    const quota = quotaFailureOf(error);
    if (quota) throw quota;
    // Every id is new, so a constraint can only fail on the bundle's own rows: the answer is the
    // same whatever other workspaces hold, and the database's message (table, column) stays here.
    console.warn(JSON.stringify({ event: "import.rows_refused", error: String(error).slice(0, 500) }));
    throw invalidExport(
      "The export's rows contradict one another (a duplicate or a dangling reference); nothing was imported.",
    );
  }
  await kickOutbox(env, workspace.id);
  return result;
}
