/** Alert rules: a threshold on one of the workspace's own figures, and who to tell, step by step. */

import { and, desc, eq, lt } from "drizzle-orm";
import { getDb, toStatement } from "../db/client";
import { alertRules } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxRow, auditOutboxStatement, insertAuditRow, kickOutbox } from "../events/outbox";
import { validationFailed } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { channelsByIds } from "./channels";

export type AlertRuleRecord = typeof alertRules.$inferSelect;
export type AlertMetric = AlertRuleRecord["metric"];
export type EscalationStep = AlertRuleRecord["steps"][number];

export interface RuleInput {
  name: string;
  metric: AlertMetric;
  threshold: number;
  windowMinutes: number;
  minJobs?: number;
  steps: EscalationStep[];
  enabled?: boolean;
}

/** The rule as the API shows it. */
export function toRuleResource(rule: AlertRuleRecord) {
  const { createdBy: _createdBy, ...resource } = rule;
  return resource;
}

/** Every channel a rule names must be one of this workspace's (422 otherwise, like a bad field). */
async function checkChannels(env: Env, workspaceId: string, steps: EscalationStep[]): Promise<void> {
  const wanted = [...new Set(steps.flatMap((step) => step.channelIds))];
  const found = new Set((await channelsByIds(env, workspaceId, wanted)).map((c) => c.id));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw validationFailed(missing.map((id) => ({ path: "steps", message: `unknown alert channel ${id}` })));
}

/** Creates a rule after checking its channels. */
export async function createRule(
  env: Env,
  workspaceId: string,
  input: RuleInput,
  createdBy: string,
  audit: AuditOf<AlertRuleRecord>,
): Promise<AlertRuleRecord> {
  await checkChannels(env, workspaceId, input.steps);
  const now = isoNow();
  const rule: AlertRuleRecord = {
    id: newId("alr"),
    workspaceId,
    name: input.name,
    metric: input.metric,
    threshold: input.threshold,
    windowMinutes: input.windowMinutes,
    minJobs: input.minJobs ?? 1,
    steps: input.steps,
    enabled: input.enabled ?? true,
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  const db = getDb(env);
  await db.batch([db.insert(alertRules).values(rule), insertAuditRow(db, auditOutboxRow(workspaceId, audit(rule)))]);
  await kickOutbox(env, workspaceId);
  return rule;
}

/** A page of the workspace's rules, newest first. */
export async function listRules(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<AlertRuleRecord[]> {
  return getDb(env)
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), afterId ? lt(alertRules.id, afterId) : undefined))
    .orderBy(desc(alertRules.id))
    .limit(limit + 1)
    .all();
}

/** The rule if it belongs to this workspace; 404 otherwise. */
export async function getRule(env: Env, workspaceId: string, ruleId: string): Promise<AlertRuleRecord> {
  return getInWorkspace(env, alertRules, workspaceId, ruleId, "alert rule");
}

/** The enabled rules of a workspace, for evaluation. */
export async function enabledRules(env: Env, workspaceId: string): Promise<AlertRuleRecord[]> {
  return getDb(env)
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.enabled, true)))
    .all();
}

/** Applies a partial change; returns the rule before and after. */
export async function updateRule(
  env: Env,
  workspaceId: string,
  ruleId: string,
  change: Partial<RuleInput>,
  audit: AuditOf<{ before: AlertRuleRecord; after: AlertRuleRecord }>,
): Promise<{ before: AlertRuleRecord; after: AlertRuleRecord }> {
  const before = await getRule(env, workspaceId, ruleId);
  if (change.steps) await checkChannels(env, workspaceId, change.steps);
  const after: AlertRuleRecord = { ...before, ...change, updatedAt: isoNow() };
  const db = getDb(env);
  await db.batch([
    db
      .update(alertRules)
      .set({
        name: after.name,
        metric: after.metric,
        threshold: after.threshold,
        windowMinutes: after.windowMinutes,
        minJobs: after.minJobs,
        steps: after.steps,
        enabled: after.enabled,
        updatedAt: after.updatedAt,
      })
      .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.id, ruleId))),
    insertAuditRow(db, auditOutboxRow(workspaceId, audit({ before, after }))),
  ]);
  await kickOutbox(env, workspaceId);
  return { before, after };
}

/** Deletes a rule; its incidents stay as history. */
export async function deleteRule(
  env: Env,
  workspaceId: string,
  ruleId: string,
  audit: AuditOf<AlertRuleRecord>,
): Promise<AlertRuleRecord> {
  const rule = await getRule(env, workspaceId, ruleId);
  await env.DB.batch([
    toStatement(
      env,
      getDb(env)
        .delete(alertRules)
        .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.id, ruleId))),
    ),
    auditOutboxStatement(env, workspaceId, audit(rule), { guarded: true }),
  ]);
  await kickOutbox(env, workspaceId);
  return rule;
}
