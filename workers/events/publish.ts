/**
 * What the Worker tells a workspace's hub: job events (best effort: the job's state lives in D1, so
 * a hub that cannot be reached never fails the work; clients that missed events resync from REST),
 * and a privilege change, after which the hub re-checks its open sockets.
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

/**
 * Asks the workspace's hub to close the sockets whose holder may no longer read jobs. Not best
 * effort: a privilege change that the hub did not hear about must fail loudly.
 */
export async function recheckSockets(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string): Promise<void> {
  await env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId)).recheckSockets();
}
