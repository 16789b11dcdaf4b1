/** Reaching an incident's AlertEscalator from the Worker. */
import type { IncidentRef } from "./escalation";

function escalatorOf(env: Pick<Env, "ALERT_ESCALATOR">, incidentId: string) {
  return env.ALERT_ESCALATOR.get(env.ALERT_ESCALATOR.idFromName(incidentId));
}

/** Starts escalation of a newly opened incident (notifies its first step now). */
export async function startEscalation(env: Pick<Env, "ALERT_ESCALATOR">, ref: IncidentRef): Promise<void> {
  await escalatorOf(env, ref.incidentId).start(ref);
}

/** Stops escalation after an acknowledgement or resolution. */
export async function stopEscalation(env: Pick<Env, "ALERT_ESCALATOR">, incidentId: string): Promise<void> {
  await escalatorOf(env, incidentId).stop();
}
