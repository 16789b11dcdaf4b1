/**
 * Custom operations dashboards: a workspace's saved panel layouts. Every query is scoped by the
 * workspace id from the authenticated membership; a foreign dashboard id reads as missing.
 */
import { z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { insertBelowLimit } from "../db/insert-below-limit";
import { dashboards } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { conflict, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { OPS_METRICS } from "./ops-metrics";

export const MAX_PANELS = 24;
export const MAX_DASHBOARDS_PER_WORKSPACE = 50;

export const Panel = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "1 to 32 of [A-Za-z0-9_-]"),
    title: z.string().trim().min(1).max(100),
    metric: z.enum(OPS_METRICS),
    chart: z.enum(["line", "bar", "stat"]),
    rangeSeconds: z
      .number()
      .int()
      .min(60)
      .max(86_400)
      .openapi({ description: "How much history the panel shows, 60 s to 24 h." }),
  })
  .openapi("DashboardPanel");
export type Panel = z.infer<typeof Panel>;

const Panels = z
  .array(Panel)
  .max(MAX_PANELS)
  .refine((panels) => new Set(panels.map((p) => p.id)).size === panels.length, "panel ids must be unique");

export const CreateDashboardBody = z
  .strictObject({ name: z.string().trim().min(1).max(100), panels: Panels.default([]) })
  .openapi("CreateDashboardRequest");
export const UpdateDashboardBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), panels: Panels.optional() })
  .refine((b) => b.name !== undefined || b.panels !== undefined, "send name, panels or both")
  .openapi("UpdateDashboardRequest");

/** A stored dashboard; its panels were validated by Panel before they were written. */
export type DashboardRecord = Omit<typeof dashboards.$inferSelect, "panels"> & { panels: Panel[] };
const asRecord = (row: typeof dashboards.$inferSelect) => row as DashboardRecord;

/** Saves a new dashboard; refuses once the workspace holds MAX_DASHBOARDS_PER_WORKSPACE, exactly under concurrency. */
export async function createDashboard(
  env: Env,
  workspaceId: string,
  userId: string,
  input: z.infer<typeof CreateDashboardBody>,
): Promise<DashboardRecord> {
  const now = isoNow();
  const record: DashboardRecord = {
    id: newId("dsh"),
    workspaceId,
    name: input.name,
    panels: input.panels,
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
  };
  const result = await insertBelowLimit(env, dashboards, record, MAX_DASHBOARDS_PER_WORKSPACE).run();
  if (result.meta.changes === 0) {
    throw conflict("dashboard_limit", `A workspace holds at most ${MAX_DASHBOARDS_PER_WORKSPACE} dashboards.`);
  }
  return record;
}

/** A page of the workspace's dashboards, newest first. */
export async function listDashboards(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<DashboardRecord[]> {
  const rows = await getDb(env)
    .select()
    .from(dashboards)
    .where(and(eq(dashboards.workspaceId, workspaceId), afterId ? lt(dashboards.id, afterId) : undefined))
    .orderBy(desc(dashboards.id))
    .limit(limit + 1)
    .all();
  return rows.map(asRecord);
}

/** One dashboard of the workspace, or 404. */
export async function getDashboard(env: Env, workspaceId: string, id: string): Promise<DashboardRecord> {
  const row = await getInWorkspace(env, dashboards, workspaceId, id, "dashboard");
  return asRecord(row);
}

/** Renames a dashboard and/or replaces its panels. */
export async function updateDashboard(
  env: Env,
  workspaceId: string,
  id: string,
  input: z.infer<typeof UpdateDashboardBody>,
): Promise<DashboardRecord> {
  const [row] = await getDb(env)
    .update(dashboards)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.panels !== undefined && { panels: input.panels }),
      updatedAt: isoNow(),
    })
    .where(and(eq(dashboards.id, id), eq(dashboards.workspaceId, workspaceId)))
    .returning();
  if (!row) throw notFound("dashboard");
  return asRecord(row);
}

/** Deletes a dashboard; 404 when the workspace has no such dashboard. */
export async function deleteDashboard(env: Env, workspaceId: string, id: string): Promise<void> {
  const deleted = await getDb(env)
    .delete(dashboards)
    .where(and(eq(dashboards.id, id), eq(dashboards.workspaceId, workspaceId)))
    .returning({ id: dashboards.id });
  if (deleted.length === 0) throw notFound("dashboard");
}
