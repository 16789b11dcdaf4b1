/** Projects group a workspace's jobs. Every function takes the workspace id from the caller's context. */
import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { projects } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { jobPrefix } from "../storage/keys";

export type ProjectRecord = typeof projects.$inferSelect;

export async function createProject(
  env: Env,
  workspaceId: string,
  input: { name: string; description?: string },
  createdBy: string,
): Promise<ProjectRecord> {
  const now = isoNow();
  const project: ProjectRecord = {
    id: newId("prj"),
    workspaceId,
    name: input.name,
    description: input.description ?? "",
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  await getDb(env).insert(projects).values(project);
  return project;
}

export async function listProjects(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<ProjectRecord[]> {
  return getDb(env)
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), afterId ? lt(projects.id, afterId) : undefined))
    .orderBy(desc(projects.id))
    .limit(limit + 1)
    .all();
}

/** The project if it belongs to this workspace; 404 otherwise (also for another workspace's id). */
export async function getProject(env: Env, workspaceId: string, projectId: string): Promise<ProjectRecord> {
  return getInWorkspace(env, projects, workspaceId, projectId, "project");
}

/** Renames a project or changes its description; returns it before and after. */
export async function updateProject(
  env: Env,
  workspaceId: string,
  projectId: string,
  changes: { name?: string; description?: string },
): Promise<{ before: ProjectRecord; after: ProjectRecord }> {
  const before = await getProject(env, workspaceId, projectId);
  const after: ProjectRecord = { ...before, ...changes, updatedAt: isoNow() };
  await getDb(env)
    .update(projects)
    .set({ name: after.name, description: after.description, updatedAt: after.updatedAt })
    .where(and(eq(projects.id, projectId), eq(projects.workspaceId, workspaceId)));
  return { before, after };
}

/** Deletes every R2 object under a prefix, a page of up to 1,000 keys at a time. */
async function deleteObjectsUnder(bucket: R2Bucket, prefix: string): Promise<void> {
  for (;;) {
    const listed = await bucket.list({ prefix, limit: 1000 });
    if (listed.objects.length > 0) await bucket.delete(listed.objects.map((o) => o.key));
    if (!listed.truncated) return;
  }
}

/**
 * Deletes a project. One with jobs is refused (409 `project_not_empty`) unless `force`; then its
 * jobs go too — never while one is still queued or running, since a stage would write after us.
 * The D1 rows go in one batch (the project, its jobs and everything keyed by them, its comments,
 * the audit entry), then the jobs' and diagrams' objects in R2; the usage ledger keeps its rows
 * (that work was done).
 */
export async function deleteProject(
  env: Env,
  workspaceId: string,
  projectId: string,
  force: boolean,
  audit: AuditOf<{ project: ProjectRecord; deletedJobs: number }>,
): Promise<{ project: ProjectRecord; deletedJobs: number }> {
  const project = await getProject(env, workspaceId, projectId);
  const { results: projectJobs } = await env.DB.prepare(
    "SELECT id, status FROM jobs WHERE workspace_id = ? AND project_id = ?",
  )
    .bind(workspaceId, projectId)
    .all<{ id: string; status: string }>();
  if (projectJobs.length > 0 && !force) {
    throw conflict(
      "project_not_empty",
      `The project has ${projectJobs.length} job(s); delete with ?force=true to delete them too.`,
    );
  }
  if (projectJobs.some((job) => job.status === "queued" || job.status === "running")) {
    throw conflict(
      "project_has_active_jobs",
      "Some of the project's jobs are still queued or running; cancel them first.",
    );
  }
  const { results: projectDiagrams } = await env.DB.prepare(
    "SELECT id FROM diagrams WHERE workspace_id = ? AND job_id IN (SELECT id FROM jobs WHERE workspace_id = ? AND project_id = ?)",
  )
    .bind(workspaceId, workspaceId, projectId)
    .all<{ id: string }>();

  // Everything is keyed by the project's finished jobs: a job created since the check above keeps
  // its rows, the project stays, and the request answers 409 after deleting only finished work.
  const finishedJobs =
    "SELECT id FROM jobs WHERE workspace_id = ?1 AND project_id = ?2 AND status NOT IN ('queued', 'running')";
  const deleted = { project, deletedJobs: projectJobs.length };
  const statements = [
    `DELETE FROM comments WHERE workspace_id = ?1 AND subject_type = 'diagram' AND subject_id IN (SELECT id FROM diagrams WHERE workspace_id = ?1 AND job_id IN (${finishedJobs}))`,
    `DELETE FROM diagrams WHERE workspace_id = ?1 AND job_id IN (${finishedJobs})`,
    `DELETE FROM transcripts WHERE workspace_id = ?1 AND job_id IN (${finishedJobs})`,
    `DELETE FROM artifacts WHERE workspace_id = ?1 AND job_id IN (${finishedJobs})`,
    `DELETE FROM webhook_deliveries WHERE workspace_id = ?1 AND job_id IN (${finishedJobs})`,
    "DELETE FROM jobs WHERE workspace_id = ?1 AND project_id = ?2 AND status NOT IN ('queued', 'running')",
    "DELETE FROM projects WHERE workspace_id = ?1 AND id = ?2 AND NOT EXISTS (SELECT 1 FROM jobs WHERE workspace_id = ?1 AND project_id = ?2)",
  ];
  const results = await env.DB.batch([
    ...statements.map((sql) => env.DB.prepare(sql).bind(workspaceId, projectId)),
    // Right after the project's own delete: recorded only when the project went.
    auditOutboxStatement(env, workspaceId, audit(deleted), { guarded: true }),
    env.DB.prepare(
      "DELETE FROM comments WHERE workspace_id = ?1 AND subject_type = 'project' AND subject_id = ?2 AND NOT EXISTS (SELECT 1 FROM projects WHERE id = ?2)",
    ).bind(workspaceId, projectId),
  ]);
  // The listed jobs were finished, so the batch deleted their rows: their objects go now.
  for (const job of projectJobs) await deleteObjectsUnder(env.MEDIA, jobPrefix(workspaceId, job.id));
  for (const diagram of projectDiagrams)
    await deleteObjectsUnder(env.MEDIA, `ws/${workspaceId}/diagrams/${diagram.id}/`);
  if (results[statements.length - 1]!.meta.changes === 0) {
    throw conflict("project_has_active_jobs", "A job started in the project meanwhile; cancel it and retry.");
  }
  await kickOutbox(env, workspaceId);
  return deleted;
}
