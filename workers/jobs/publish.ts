/**
 * Publishing job events to the workspace's hub. Best effort: the job's state lives in D1, so a
 * hub that cannot be reached never fails the work (clients that missed events resync from REST).
 */
import type { HubEvent } from "../../durable-objects/workspace-hub/protocol";

/** Sends an event to the workspace's WorkspaceHub, logging instead of throwing on failure. */
export async function publishEvent(
  env: Pick<Env, "WORKSPACE_HUB">,
  workspaceId: string,
  event: HubEvent,
): Promise<void> {
  try {
    await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId)).publish(event);
  } catch (error) {
    console.warn(JSON.stringify({ event: "hub.publish_failed", workspaceId, type: event.type, error: String(error) }));
  }
}
