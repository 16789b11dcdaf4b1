/**
 * The Worker's side of the concurrent-job slots held by each workspace's hub: acquire when a job
 * starts (or when it is accepted, for plans that refuse work over the limit), release when it ends.
 */
import type { StageMessage } from "../jobs/messages";
import { cachedPlan } from "./plan-cache";

function hub(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string) {
  return env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));
}

/**
 * Before a stage runs: "run" when the job holds a slot (or has ended, which the claim then sees),
 * "wait" when it was parked in the hub, which re-queues the message once a slot frees.
 */
export async function holdJobSlot(
  env: Pick<Env, "DB" | "WORKSPACE_HUB">,
  message: StageMessage,
): Promise<"run" | "wait"> {
  const plan = await cachedPlan(env, message.workspaceId);
  const answer = await hub(env, message.workspaceId).acquireJobSlot({
    jobId: message.jobId,
    limit: plan.limits.maxConcurrentJobs,
    wait: message,
  });
  return answer.outcome === "waiting" ? "wait" : "run";
}

/** Frees a job's slot; never throws (the hub heals a slot whose release was lost). */
export async function releaseJobSlot(
  env: Pick<Env, "WORKSPACE_HUB">,
  workspaceId: string,
  jobId: string,
): Promise<void> {
  try {
    await hub(env, workspaceId).releaseJobSlot(jobId);
  } catch (error) {
    console.warn(JSON.stringify({ event: "slots.release_failed", workspaceId, jobId, error: String(error) }));
  }
}

/** Takes a slot at acceptance; the hub's answer tells whether the job may be created. */
export function acquireSlotAtAccept(
  env: Pick<Env, "WORKSPACE_HUB">,
  workspaceId: string,
  jobId: string,
  limit: number,
) {
  return hub(env, workspaceId).acquireJobSlot({ jobId, limit, atAccept: true });
}

/** The jobs holding slots and waiting for one. */
export function slotState(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string) {
  return hub(env, workspaceId).jobSlotState();
}
