/**
 * Appending to the audit log. An entry is an event-outbox row written in the same D1 batch as the
 * change it records (commitAudited, or auditStatement put into the change's own batch), so a
 * change never stands without its entry. The workspace's WorkspaceHub then numbers and hash-chains
 * the entries in order (durable-objects/workspace-hub/audit-chain.ts); a hub that is down only
 * delays them (workers/events/outbox.ts).
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/context";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { auditOutboxStatement, kickOutbox, type AuditBody } from "../events/outbox";
import { snapshotJson, type AuditActor, type AuditChange, type AuditMeta } from "./entry";

export type { AuditActor, AuditChange, AuditMeta } from "./entry";
export { kickOutbox } from "../events/outbox";

const MAX_USER_AGENT = 512;
const MAX_IP = 64;

/** The actor of a request: the signed-in user, or the API key that made it. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  return principal.kind === "apiKey" ? { type: "api_key", id: principal.keyId } : { type: "user", id: principal.userId };
}

/** Where the current request came from. */
function requestMeta(c: Context<AppEnv>): AuditMeta {
  return { ip: c.req.header("CF-Connecting-IP") ?? null, userAgent: c.req.header("User-Agent") ?? null, requestId: c.get("requestId") ?? null };
}

/** The outbox body of some changes, each entry with its id and time fixed now. */
export function auditBody(workspaceId: string, actor: AuditActor, changes: AuditChange[], meta: AuditMeta = {}): AuditBody {
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
export function requestAuditBody(c: Context<AppEnv>, workspaceId: string, changes: AuditChange | AuditChange[]): AuditBody {
  return auditBody(workspaceId, actorOf(c), Array.isArray(changes) ? changes : [changes], requestMeta(c));
}

/** The outbox statement recording the current request's changes; put it in the change's batch, then kickOutbox. */
export function auditStatement(c: Context<AppEnv>, workspaceId: string, changes: AuditChange | AuditChange[], options: { guarded?: boolean } = {}): D1PreparedStatement {
  return auditOutboxStatement(c.env, workspaceId, requestAuditBody(c, workspaceId, changes), options);
}

/** Commits `writes` and the entries recording them in one D1 batch, then has the hub append them. */
export async function commitAudited(c: Context<AppEnv>, workspaceId: string, writes: D1PreparedStatement[], changes: AuditChange | AuditChange[]): Promise<D1Result[]> {
  const results = await c.env.DB.batch([...writes, auditStatement(c, workspaceId, changes)]);
  await kickOutbox(c.env, workspaceId);
  return results.slice(0, writes.length);
}

/**
 * Records a change of the current request that is already saved elsewhere (R2, a Durable Object,
 * another module's batch) or a read worth recording. Prefer commitAudited where the change is a D1 write.
 */
export async function audit(c: Context<AppEnv>, workspaceId: string, change: AuditChange): Promise<void> {
  await commitAudited(c, workspaceId, [], change);
}

/** Records several changes of the current request, in order, in one append (e.g. a batch and its jobs). */
export async function auditAll(c: Context<AppEnv>, workspaceId: string, changes: AuditChange[]): Promise<void> {
  await commitAudited(c, workspaceId, [], changes);
}

/** The outbox statement for a change made outside a request (queue consumer, cron, a socket), with an explicit actor. */
export function auditStatementAs(env: Pick<Env, "DB">, workspaceId: string, actor: AuditActor, change: AuditChange, meta: AuditMeta = {}, options: { guarded?: boolean } = {}): D1PreparedStatement {
  return auditOutboxStatement(env, workspaceId, auditBody(workspaceId, actor, [change], meta), options);
}

/** Records a change outside a request (queue consumer, cron), with an explicit actor. */
export async function auditAs(env: Pick<Env, "DB" | "WORKSPACE_HUB">, workspaceId: string, actor: AuditActor, change: AuditChange, meta: AuditMeta = {}): Promise<void> {
  await auditStatementAs(env, workspaceId, actor, change, meta).run();
  await kickOutbox(env, workspaceId);
}

/** Records a job the current request created (transcribe, diagrams, pipelines, videos). */
export async function auditJobCreated(c: Context<AppEnv>, job: { id: string; workspaceId: string; kind: string; stages: string[]; projectId: string | null; status: string }): Promise<void> {
  await audit(c, job.workspaceId, {
    action: "job.create",
    target: { type: "job", id: job.id },
    after: { kind: job.kind, stages: job.stages, projectId: job.projectId, status: job.status },
  });
}
