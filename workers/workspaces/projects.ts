/** Projects group a workspace's jobs. Every function takes the workspace id from the caller's context. */
import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { projects } from "../db/schema";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";

export type ProjectRecord = typeof projects.$inferSelect;

export async function createProject(env: Env, workspaceId: string, input: { name: string; description?: string }, createdBy: string): Promise<ProjectRecord> {
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

export async function listProjects(env: Env, workspaceId: string, limit: number, afterId?: string): Promise<ProjectRecord[]> {
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
  const project = await getDb(env)
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.workspaceId, workspaceId)))
    .get();
  if (!project) throw notFound("project");
  return project;
}
