/**
 * Evaluating a workspace's alert rules: measure each figure, open an incident (and start its
 * escalation) when a rule crosses its threshold, resolve the unresolved incident when the figure
 * has recovered. Runs on demand (API) and from the cron for every workspace with enabled rules.
 */
import { auditBody } from "../audit/record";
import { getWorkspace } from "../workspaces/workspaces";
import { startEscalation, stopEscalation } from "./escalator-client";
import { isFiring, measure } from "./figures";
import { openIncident, resolveIncident, unresolvedIncidentOf } from "./incidents";
import { enabledRules } from "./rules";

export interface RuleEvaluation {
  ruleId: string;
  metric: string;
  value: number;
  samples: number;
  firing: boolean;
  /** The rule's unresolved incident after this evaluation, if any. */
  incidentId: string | null;
  /** What this evaluation did: opened an incident, resolved one, or nothing. */
  change: "opened" | "resolved" | "none";
}

/** Evaluates every enabled rule of one workspace now. */
export async function evaluateWorkspaceAlerts(
  env: Env,
  workspaceId: string,
  nowMs = Date.now(),
): Promise<RuleEvaluation[]> {
  const workspace = await getWorkspace(env, workspaceId);
  if (!workspace) return [];
  const results: RuleEvaluation[] = [];
  for (const rule of await enabledRules(env, workspaceId)) {
    const measurement = await measure(env, workspace, rule, nowMs);
    const firing = isFiring(rule, measurement);
    const existing = await unresolvedIncidentOf(env, workspaceId, rule.id);
    let change: RuleEvaluation["change"] = "none";
    let incidentId = existing?.id ?? null;
    if (firing && !existing) {
      const opened = await openIncident(env, rule, measurement.value);
      if (opened) {
        change = "opened";
        incidentId = opened.id;
        await startEscalation(env, { workspaceId, incidentId: opened.id });
      }
    } else if (!firing && existing) {
      await resolveIncident(env, workspaceId, existing.id, "system", ({ before, after }) =>
        auditBody(workspaceId, { type: "system", id: "alerts" }, [
          { action: "incident.resolve", target: { type: "incident", id: existing.id }, before, after },
        ]),
      );
      await stopEscalation(env, existing.id);
      change = "resolved";
      incidentId = null;
    }
    results.push({
      ruleId: rule.id,
      metric: rule.metric,
      value: measurement.value,
      samples: measurement.samples,
      firing,
      incidentId,
      change,
    });
  }
  return results;
}

/** Cron: evaluates every workspace that has enabled rules; one workspace's failure does not stop the rest. */
export async function evaluateAllAlerts(env: Env, nowMs = Date.now()): Promise<void> {
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT workspace_id AS workspaceId FROM alert_rules WHERE enabled = 1",
  ).all<{ workspaceId: string }>();
  const outcomes = await Promise.allSettled(results.map((row) => evaluateWorkspaceAlerts(env, row.workspaceId, nowMs)));
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "rejected")
      console.error(
        JSON.stringify({
          event: "alert_evaluation_failed",
          workspaceId: results[i]!.workspaceId,
          error: String(outcome.reason),
        }),
      );
  });
}
