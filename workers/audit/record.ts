/**
 * Appending to the audit log. An entry is an event-outbox row written in the same D1 batch as the
 * change it records: the caller builds the entries (requestAuditBody, auditBody) and the domain
 * function that writes the change puts them into its own batch (it takes an AuditOf), so a change
 * never stands without its entry. The workspace's WorkspaceHub then numbers and hash-chains the
 * entries in order (durable-objects/workspace-hub/audit-chain.ts); a hub that is down only delays
 * them (workers/events/outbox.ts).
 */
import type { Context } from "hono";
import { type AuditBody, type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import type { AppEnv } from "../lib/context";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { type AuditActor, type AuditChange, type AuditMeta, snapshotJson } from "./entry";

export { kickOutbox } from "../events/outbox";
export type { AuditActor, AuditChange, AuditMeta } from "./entry";

const MAX_USER_AGENT = 512;
const MAX_IP = 64;

/** The actor of a request: the signed-in user, or the API key that made it. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  return principal.kind === "apiKey"
    ? { type: "api_key", id: principal.keyId }
    : { type: "user", id: principal.userId };
}

/** Where the current request came from. */
function requestMeta(c: Context<AppEnv>): AuditMeta {
  return {
    ip: c.req.header("CF-Connecting-IP") ?? null,
    userAgent: c.req.header("User-Agent") ?? null,
    requestId: c.get("requestId") ?? null,
  };
}

/** The outbox body of some changes, each entry with its id and time fixed now. */
export function auditBody(
  workspaceId: string,
  actor: AuditActor,
  changes: AuditChange[],
  meta: AuditMeta = {},
): AuditBody {
  const at = isoNow();
  return {
    entries: changes.map((change) => ({
      id: newId("aud"),
      at,
      workspaceId,
      actor,
      action: change.action,
      target: change.target,
      beforeJson: snapshotJson(change.before),
      afterJson: snapshotJson(change.after),
      ip: meta.ip?.slice(0, MAX_IP) ?? null,
      userAgent: meta.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      requestId: meta.requestId ?? null,
    })),
  };
}

/** The current request's changes as an outbox body (for a domain function that builds the batch). */
export function requestAuditBody(
  c: Context<AppEnv>,
  workspaceId: string,
  changes: AuditChange | AuditChange[],
): AuditBody {
  return auditBody(workspaceId, actorOf(c), Array.isArray(changes) ? changes : [changes], requestMeta(c));
}

/**
 * Records what the current request did that is no D1 write of ours: a read worth recording, or a
 * change saved in R2 or a Durable Object. A D1 change carries its entry in its own batch instead
 * (the domain function takes an AuditOf, e.g. workers/workspaces/members.ts).
 */
export async function audit(c: Context<AppEnv>, workspaceId: string, change: AuditChange): Promise<void> {
  await auditOutboxStatement(c.env, workspaceId, requestAuditBody(c, workspaceId, change)).run();
  await kickOutbox(c.env, workspaceId);
}

/** The outbox statement for a change made outside a request (queue consumer, cron, a socket), with an explicit actor. */
export function auditStatementAs(
  env: Pick<Env, "DB">,
  workspaceId: string,
  actor: AuditActor,
  change: AuditChange,
  meta: AuditMeta = {},
  options: { guarded?: boolean } = {},
): D1PreparedStatement {
  return auditOutboxStatement(env, workspaceId, auditBody(workspaceId, actor, [change], meta), options);
}

/** The entry for a job the current request creates (transcribe, diagrams, pipelines, videos), for the job's own batch. */
export function jobCreateAudit(c: Context<AppEnv>): AuditOf<{
  id: string;
  workspaceId: string;
  kind: string;
  stages: string[];
  projectId: string | null;
  status: string;
}> {
  return (job) =>
    requestAuditBody(c, job.workspaceId, {
      action: "job.create",
      target: { type: "job", id: job.id },
      after: { kind: job.kind, stages: job.stages, projectId: job.projectId, status: job.status },
    });
}
