/**
 * One WorkspaceHub per workspace: the place where a workspace's live state is serialised.
 * The real-time protocol (WebSocket fan-out, event log, replay) is built on this class.
 */
import { DurableObject } from "cloudflare:workers";

export class WorkspaceHub extends DurableObject<Env> {
  /** Answers the hub's health, so the binding can be checked end to end. */
  ping(): { workspaceHub: "ok"; sockets: number } {
    return { workspaceHub: "ok", sockets: this.ctx.getWebSockets().length };
  }
}
