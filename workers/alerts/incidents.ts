/**
 * Incidents: a rule that fired. Opening is race-free (a partial unique index allows one unresolved
 * incident per rule), and every state change is a conditional UPDATE, so a concurrent ack, resolve
 * and escalation alarm cannot step on one another. An ack or resolve writes its audit entry in
 * the same batch, only when it is the one that moved the incident.
 */
import { and, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import { getDb, toStatement } from "../db/client";
import { alertIncidents, alertNotifications } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import type { AlertRuleRecord } from "./rules";

export type AlertIncidentRecord = typeof alertIncidents.$inferSelect;
export type IncidentStatus = AlertIncidentRecord["status"];

/** Opens an incident for the rule unless one is unresolved already; returns it only when new. */
export async function openIncident(
  env: Env,
  rule: AlertRuleRecord,
  value: number,
): Promise<AlertIncidentRecord | undefined> {
  const now = isoNow();
  const incident: AlertIncidentRecord = {
    id: newId("inc"),
    workspaceId: rule.workspaceId,
    ruleId: rule.id,
    status: "open",
    metric: rule.metric,
    value,
    threshold: rule.threshold,
    step: 0,
    openedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    updatedAt: now,
  };
  const inserted = await getDb(env)
    .insert(alertIncidents)
    .values(incident)
    .onConflictDoNothing()
    .returning({ id: alertIncidents.id });
  return inserted.length > 0 ? incident : undefined;
}

/** The rule's unresolved incident, if any. */
export async function unresolvedIncidentOf(
  env: Env,
  workspaceId: string,
  ruleId: string,
): Promise<AlertIncidentRecord | undefined> {
  return getDb(env)
    .select()
    .from(alertIncidents)
    .where(
      and(
        eq(alertIncidents.workspaceId, workspaceId),
        eq(alertIncidents.ruleId, ruleId),
        isNull(alertIncidents.resolvedAt),
      ),
    )
    .get();
}

/** The incident if it belongs to this workspace; 404 otherwise. */
export async function getIncident(env: Env, workspaceId: string, incidentId: string): Promise<AlertIncidentRecord> {
  return getInWorkspace(env, alertIncidents, workspaceId, incidentId, "incident");
}

/** A page of incidents, newest first, optionally only those in some statuses. */
export async function listIncidents(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
  statuses?: IncidentStatus[],
): Promise<AlertIncidentRecord[]> {
  return getDb(env)
    .select()
    .from(alertIncidents)
    .where(
      and(
        eq(alertIncidents.workspaceId, workspaceId),
        afterId ? lt(alertIncidents.id, afterId) : undefined,
        statuses ? inArray(alertIncidents.status, statuses) : undefined,
      ),
    )
    .orderBy(desc(alertIncidents.id))
    .limit(limit + 1)
    .all();
}

/** Records that escalation reached `step`, if the incident is still open (unacknowledged). */
export async function markEscalated(env: Env, workspaceId: string, incidentId: string, step: number): Promise<boolean> {
  const rows = await getDb(env)
    .update(alertIncidents)
    .set({ step, updatedAt: isoNow() })
    .where(
      and(
        eq(alertIncidents.workspaceId, workspaceId),
        eq(alertIncidents.id, incidentId),
        eq(alertIncidents.status, "open"),
      ),
    )
    .returning({ id: alertIncidents.id });
  return rows.length > 0;
}

type IncidentChange = { before: AlertIncidentRecord; after: AlertIncidentRecord };

/** Writes a state change guarded by `where` with its entry; when another request moved the incident first, returns it as it is now. */
async function moveIncident(
  env: Env,
  before: AlertIncidentRecord,
  set: Partial<AlertIncidentRecord>,
  where: ReturnType<typeof and>,
  audit: AuditOf<IncidentChange>,
): Promise<IncidentChange> {
  const after = { ...before, ...set };
  const [moved] = await env.DB.batch([
    toStatement(env, getDb(env).update(alertIncidents).set(set).where(where)),
    auditOutboxStatement(env, before.workspaceId, audit({ before, after }), { guarded: true }),
  ]);
  if (moved!.meta.changes === 0) return { before, after: await getIncident(env, before.workspaceId, before.id) };
  await kickOutbox(env, before.workspaceId);
  return { before, after };
}

/** Acknowledges an open incident (idempotent); a resolved one answers 409. */
export async function acknowledgeIncident(
  env: Env,
  workspaceId: string,
  incidentId: string,
  by: string,
  audit: AuditOf<IncidentChange>,
): Promise<IncidentChange> {
  const before = await getIncident(env, workspaceId, incidentId);
  if (before.status === "resolved") throw conflict("incident_resolved", "The incident is already resolved.");
  if (before.status === "acknowledged") return { before, after: before };
  const now = isoNow();
  const open = and(
    eq(alertIncidents.workspaceId, workspaceId),
    eq(alertIncidents.id, incidentId),
    eq(alertIncidents.status, "open"),
  );
  return moveIncident(
    env,
    before,
    { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: by, updatedAt: now },
    open,
    audit,
  );
}

/** Resolves an incident (idempotent); `by` is a user or key id, or "system" when the figure recovered. */
export async function resolveIncident(
  env: Env,
  workspaceId: string,
  incidentId: string,
  by: string,
  audit: AuditOf<IncidentChange>,
): Promise<IncidentChange> {
  const before = await getIncident(env, workspaceId, incidentId);
  if (before.status === "resolved") return { before, after: before };
  const now = isoNow();
  const unresolved = and(
    eq(alertIncidents.workspaceId, workspaceId),
    eq(alertIncidents.id, incidentId),
    isNull(alertIncidents.resolvedAt),
  );
  return moveIncident(
    env,
    before,
    { status: "resolved", resolvedAt: now, resolvedBy: by, updatedAt: now },
    unresolved,
    audit,
  );
}

/** A page of the notification log, newest first, optionally for one incident. */
export async function listNotifications(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
  incidentId?: string,
) {
  return getDb(env)
    .select()
    .from(alertNotifications)
    .where(
      and(
        eq(alertNotifications.workspaceId, workspaceId),
        afterId ? lt(alertNotifications.id, afterId) : undefined,
        incidentId ? eq(alertNotifications.incidentId, incidentId) : undefined,
      ),
    )
    .orderBy(desc(alertNotifications.id))
    .limit(limit + 1)
    .all();
}
