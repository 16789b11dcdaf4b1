/**
 * One escalation step of an incident: notify every channel of the step, then tell the caller
 * (the AlertEscalator Durable Object) how long to wait before the next step. An incident that was
 * acknowledged or resolved meanwhile stops the chain: the step is not sent.
 */
import { getWorkspace } from "../workspaces/workspaces";
import { channelsByIds } from "./channels";
import { notifyChannel } from "./deliver";
import { getIncident, markEscalated } from "./incidents";
import { getRule } from "./rules";

/** Names an incident across the Worker and its escalator. */
export interface IncidentRef {
  workspaceId: string;
  incidentId: string;
}

async function orUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch {
    return undefined; // deleted meanwhile (rule or incident): nothing left to escalate
  }
}

/** Sends step `step` if the incident is still open; returns minutes until the next step, or null when done. */
export async function runEscalationStep(env: Env, ref: IncidentRef, step: number): Promise<number | null> {
  const incident = await orUndefined(getIncident(env, ref.workspaceId, ref.incidentId));
  if (incident?.status !== "open") return null;
  const rule = await orUndefined(getRule(env, ref.workspaceId, incident.ruleId));
  const current = rule?.steps[step];
  const workspace = await getWorkspace(env, ref.workspaceId);
  if (!rule || !current || !workspace) return null;
  // The conditional update is the guard against an ack that raced the alarm.
  if (step > 0 && !(await markEscalated(env, ref.workspaceId, ref.incidentId, step))) return null;
  const channels = await channelsByIds(env, ref.workspaceId, current.channelIds);
  const message = {
    incident: { ...incident, step },
    rule,
    workspace: { id: workspace.id, name: workspace.name },
    step,
  };
  await Promise.all(channels.map((channel) => notifyChannel(env, channel, message)));
  return step + 1 < rule.steps.length ? current.waitMinutes : null;
}
