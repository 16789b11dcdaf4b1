/**
 * Appending to the audit log. Entries go through the workspace's WorkspaceHub, which numbers and
 * hash-chains them (durable-objects/workspace-hub/audit-chain.ts) and writes them to D1. The call is
 * awaited: a change whose record could not be written answers an error rather than pass unrecorded.
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/context";
import { snapshotJson, type AuditActor, type AuditChange, type AuditMeta, type AuditRow } from "./entry";

export type { AuditActor, AuditChange, AuditMeta } from "./entry";

const MAX_USER_AGENT = 512;
const MAX_IP = 64;

/** The actor of a request: the signed-in user, or the API key that made it. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  const principal = c.get("principal");
  return principal.kind === "apiKey" ? { type: "api_key", id: principal.keyId } : { type: "user", id: principal.userId };
}

/** Records a change made by the current request (actor, IP, user agent and request id come from `c`). */
export async function audit(c: Context<AppEnv>, workspaceId: string, change: AuditChange): Promise<void> {
  await auditAll(c, workspaceId, [change]);
}

/** Records several changes of the current request, in order, in one append (e.g. a batch and its jobs). */
export async function auditAll(c: Context<AppEnv>, workspaceId: string, changes: AuditChange[]): Promise<void> {
  await append(c.env, workspaceId, actorOf(c), changes, {
    ip: c.req.header("CF-Connecting-IP") ?? null,
    userAgent: c.req.header("User-Agent") ?? null,
    requestId: c.get("requestId") ?? null,
  });
}

/** Records a change outside a request (queue consumer, cron), with an explicit actor. */
export async function auditAs(
  env: Pick<Env, "WORKSPACE_HUB">,
  workspaceId: string,
  actor: AuditActor,
  change: AuditChange,
  meta: AuditMeta = {},
): Promise<AuditRow> {
  const [row] = await append(env, workspaceId, actor, [change], meta);
  return row!;
}

function append(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string, actor: AuditActor, changes: AuditChange[], meta: AuditMeta): Promise<AuditRow[]> {
  const hub = env.WORKSPACE_HUB.get(env.WORKSPACE_HUB.idFromName(workspaceId));
  return hub.appendAudit(
    changes.map((change) => ({
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
  );
}

/** Records a job the current request created (transcribe, diagrams, pipelines, videos). */
export async function auditJobCreated(c: Context<AppEnv>, job: { id: string; workspaceId: string; kind: string; stages: string[]; projectId: string | null; status: string }): Promise<void> {
  await audit(c, job.workspaceId, {
    action: "job.create",
    target: { type: "job", id: job.id },
    after: { kind: job.kind, stages: job.stages, projectId: job.projectId, status: job.status },
  });
}
