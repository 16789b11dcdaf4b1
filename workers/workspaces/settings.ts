/**
 * A workspace's settings: defaults for new work that members see and change. Stored as JSON on the
 * workspace row; a change is an RFC 7396 merge patch applied in SQL (json_patch), so two concurrent
 * changes to different keys both land, and `null` clears a key.
 */
import { z } from "@hono/zod-openapi";
import { DIAGRAM_TYPES } from "../engine/schema";
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { notFound } from "../lib/errors";
import { isoNow } from "../lib/time";
import { getWorkspace, type WorkspaceRecord } from "./workspaces";

const Language = z
  .string()
  .max(35)
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a BCP 47 language tag such as en or ja");

export const WorkspaceSettings = z
  .strictObject({
    defaultLanguage: Language.optional(),
    defaultDiagramType: z.enum(DIAGRAM_TYPES).optional(),
    defaultTheme: z.enum(["light", "dark"]).optional(),
  })
  .openapi("WorkspaceSettings");
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

/** What PATCH accepts: some or all of the settings; `null` clears one. */
export const WorkspaceSettingsPatch = z
  .strictObject({
    defaultLanguage: Language.nullable().optional(),
    defaultDiagramType: z.enum(DIAGRAM_TYPES).nullable().optional(),
    defaultTheme: z.enum(["light", "dark"]).nullable().optional(),
  })
  .openapi("WorkspaceSettingsPatch");

/** The stored settings, typed (only validated patches ever reach the column). */
export function settingsOf(workspace: Pick<WorkspaceRecord, "settings">): WorkspaceSettings {
  return workspace.settings as WorkspaceSettings;
}

/** The settings after a merge patch, as json_patch computes them (the settings are flat). */
function patched(settings: Record<string, unknown>, patch: Record<string, unknown> = {}): Record<string, unknown> {
  const next = { ...settings };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}

/**
 * Renames a workspace and/or merges a settings patch, with its audit entry in the same batch;
 * returns it before and after. The entry shows this change applied to the workspace as read.
 */
export async function updateWorkspace(
  env: Env,
  workspaceId: string,
  changes: { name?: string; settings?: z.infer<typeof WorkspaceSettingsPatch> },
  audit: AuditOf<{ before: WorkspaceRecord; after: WorkspaceRecord }>,
): Promise<{ before: WorkspaceRecord; after: WorkspaceRecord }> {
  const before = await getWorkspace(env, workspaceId);
  if (!before) throw notFound("workspace");
  const now = isoNow();
  const expected = {
    ...before,
    name: changes.name ?? before.name,
    settings: patched(before.settings, changes.settings),
    updatedAt: now,
  };
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE workspaces SET name = coalesce(?, name), settings = json_patch(settings, ?), updated_at = ? WHERE id = ?",
    ).bind(changes.name ?? null, JSON.stringify(changes.settings ?? {}), now, workspaceId),
    auditOutboxStatement(env, workspaceId, audit({ before, after: expected })),
  ]);
  await kickOutbox(env, workspaceId);
  const after = await getWorkspace(env, workspaceId);
  if (!after) throw notFound("workspace");
  return { before, after };
}
