/**
 * Deleting a team workspace: the owner schedules it (after exporting what they want to keep), it
 * stays usable and restorable for a grace period, then the cron purges its R2 objects and its D1
 * rows. Tenant tables reference `workspaces` with ON DELETE CASCADE, so deleting the workspace row
 * removes them in the same statement; the audit log has no such key and outlives the workspace.
 * Each step writes its audit entry in its own batch, only when the step took place.
 */
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { auditBody } from "../audit/record";
import { getDb, toStatement } from "../db/client";
import { workspaces } from "../db/schema";
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { AppError, badRequest, conflict, notFound } from "../lib/errors";
import { isoIn, isoNow } from "../lib/time";
import { getWorkspace, type WorkspaceRecord } from "./workspaces";

export const DELETION_GRACE_SECONDS = 7 * 24 * 60 * 60;
/** Workspaces purged per cron run, and R2 list pages (1,000 keys each) per workspace per run. */
const PURGE_WORKSPACES_PER_RUN = 10;
const PURGE_PAGES_PER_WORKSPACE = 20;

/** Schedules deletion after the grace period; `confirm` must repeat the workspace's name exactly. */
export async function scheduleDeletion(
  env: Env,
  workspaceId: string,
  userId: string,
  confirm: string,
  audit: AuditOf<WorkspaceRecord>,
): Promise<WorkspaceRecord> {
  const workspace = await getWorkspace(env, workspaceId);
  if (!workspace) throw notFound("workspace");
  if (workspace.kind === "personal") throw conflict("personal_workspace", "A personal workspace cannot be deleted.");
  if (confirm !== workspace.name)
    throw badRequest("confirmation_mismatch", "Send the workspace's exact name in `confirm` to delete it.");
  const now = isoNow();
  const changes = {
    deletionScheduledAt: now,
    deletionScheduledBy: userId,
    deletesAt: isoIn(DELETION_GRACE_SECONDS),
    updatedAt: now,
  };
  const scheduled = { ...workspace, ...changes };
  const [result] = await env.DB.batch([
    toStatement(
      env,
      getDb(env)
        .update(workspaces)
        .set(changes)
        .where(and(eq(workspaces.id, workspaceId), eq(workspaces.kind, "team"), isNull(workspaces.deletesAt))),
    ),
    auditOutboxStatement(env, workspaceId, audit(scheduled), { guarded: true }),
  ]);
  if (result!.meta.changes === 0)
    throw conflict("deletion_already_scheduled", "The workspace is already scheduled for deletion.");
  await kickOutbox(env, workspaceId);
  return scheduled;
}

/** Cancels a scheduled deletion while the grace period lasts. */
export async function restoreWorkspace(env: Env, workspaceId: string, audit: AuditOf<void>): Promise<WorkspaceRecord> {
  const now = isoNow();
  const changes = { deletionScheduledAt: null, deletionScheduledBy: null, deletesAt: null, updatedAt: now };
  const [result] = await env.DB.batch([
    env.DB.prepare(
      "UPDATE workspaces SET deletion_scheduled_at = NULL, deletion_scheduled_by = NULL, deletes_at = NULL, updated_at = ? WHERE id = ? AND deletes_at > ?",
    ).bind(now, workspaceId, now),
    auditOutboxStatement(env, workspaceId, audit(), { guarded: true }),
  ]);
  const workspace = await getWorkspace(env, workspaceId);
  if (!workspace) throw notFound("workspace");
  if (result!.meta.changes === 0) {
    if (!workspace.deletesAt) throw conflict("deletion_not_scheduled", "The workspace is not scheduled for deletion.");
    throw new AppError(410, "grace_period_over", "Gone", "The grace period is over; the workspace is being deleted.");
  }
  await kickOutbox(env, workspaceId);
  return { ...workspace, ...changes };
}

/** Deletes up to `maxPages` pages of objects under a prefix; true once nothing is left. */
async function deleteObjectsUnder(bucket: R2Bucket, prefix: string, maxPages: number): Promise<boolean> {
  for (let page = 0; page < maxPages; page++) {
    const listed = await bucket.list({ prefix, limit: 1000 });
    if (listed.objects.length > 0) await bucket.delete(listed.objects.map((o) => o.key));
    if (!listed.truncated) return true;
  }
  return false;
}

/**
 * Purges workspaces whose grace period ended: R2 first (a run that stops half-way resumes on the
 * next cron), then the D1 rows in one statement, only if the deletion is still due, then the
 * workspace hub's storage.
 */
export async function purgeDueWorkspaces(
  env: Env,
  now = isoNow(),
): Promise<{ purged: string[]; unfinished: string[] }> {
  const due = await getDb(env)
    .select({ id: workspaces.id, deletionScheduledBy: workspaces.deletionScheduledBy })
    .from(workspaces)
    .where(and(lte(workspaces.deletesAt, now), eq(workspaces.kind, "team")))
    .orderBy(asc(workspaces.deletesAt))
    .limit(PURGE_WORKSPACES_PER_RUN)
    .all();
  const purged: string[] = [];
  const unfinished: string[] = [];
  for (const workspace of due) {
    if (!(await deleteObjectsUnder(env.MEDIA, `ws/${workspace.id}/`, PURGE_PAGES_PER_WORKSPACE))) {
      unfinished.push(workspace.id);
      continue;
    }
    const purge = {
      action: "workspace.purged",
      target: { type: "workspace", id: workspace.id },
      before: { deletionScheduledBy: workspace.deletionScheduledBy },
    };
    const [deleted] = await env.DB.batch([
      env.DB.prepare("DELETE FROM workspaces WHERE id = ? AND kind = 'team' AND deletes_at <= ?").bind(
        workspace.id,
        now,
      ),
      auditOutboxStatement(env, workspace.id, auditBody(workspace.id, { type: "system", id: "cron" }, [purge]), {
        guarded: true,
      }),
    ]);
    if (deleted!.meta.changes === 0) continue;
    purged.push(workspace.id);
    await kickOutbox(env, workspace.id);
    // Last, after the audit entry (which passes through the hub): the hub's own storage (event
    // log, settings, slots, audit chain tail, outbox cursor) and its sockets go too.
    await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspace.id)).purge();
  }
  return { purged, unfinished };
}
