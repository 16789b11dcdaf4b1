/**
 * The client messages that change something. Each re-reads the sender's permissions from D1 first
 * (workers/workspaces/principal.ts), so a member whose role was lowered, a key that was revoked or
 * a key whose creator was demoted since connecting is refused at once.
 */
import { type AuditActor, auditBody, auditStatementAs } from "../../workers/audit/record";
import type { OutboxKick } from "../../workers/events/outbox";
import { transcribeFromUrl } from "../../workers/intake/create-transcription";
import { AppError, forbidden } from "../../workers/lib/errors";
import { cancelJob } from "../../workers/pipeline/cancel";
import type { Permission } from "../../workers/workspaces/permissions";
import { currentPermissionsOf } from "../../workers/workspaces/principal";
import type { ClientMessage } from "./protocol";
import type { SocketSession } from "./sessions";

/** Throws 403 unless the sender holds `permission` right now (a key: within its creator's current role too). */
export async function requireCurrentPermission(
  env: Env,
  workspaceId: string,
  session: SocketSession,
  permission: Permission,
): Promise<void> {
  const [permissions] = await currentPermissionsOf(env, workspaceId, [
    { userId: session.userId, keyId: session.keyId },
  ]);
  if (!permissions?.has(permission)) throw forbidden(permission);
}

/** Who sent a socket message, for the audit log. */
export function socketActor(session: SocketSession): AuditActor {
  return session.keyId ? { type: "api_key", id: session.keyId } : { type: "user", id: session.userId };
}

/**
 * Writes a socket's settings change to the audit outbox; throws when that fails, so the hub
 * refuses the change and none stands unrecorded.
 */
export async function auditSettingsChange(
  env: Env,
  workspaceId: string,
  session: SocketSession,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  await auditStatementAs(env, workspaceId, socketActor(session), {
    action: "workspace.settings_updated",
    target: { type: "workspace", id: workspaceId },
    before: { settings: before },
    after: { settings: after, via: "websocket" },
  }).run();
}

type Action = Extract<ClientMessage, { type: "job:start" | "job:cancel" }>;

/** Runs job:start or job:cancel exactly as the REST endpoints do; returns the ack's result. */
export async function runJobAction(
  env: Env,
  workspaceId: string,
  session: SocketSession,
  message: Action,
  kick: OutboxKick,
): Promise<unknown> {
  if (message.type === "job:start") {
    await requireCurrentPermission(env, workspaceId, session, "jobs:create");
    // The entry is written in the batch that creates the job.
    const job = await transcribeFromUrl(
      env,
      { workspaceId, userId: session.userId },
      message.job.url,
      message.job.options,
      "transcription",
      undefined,
      (job) =>
        auditBody(workspaceId, socketActor(session), [
          { action: "job.create", target: { type: "job", id: job.id }, after: { kind: job.kind, via: "websocket" } },
        ]),
      kick,
    );
    return { jobId: job.id, status: job.status };
  }
  await requireCurrentPermission(env, workspaceId, session, "jobs:cancel");
  const cancel = {
    action: "job.cancel",
    target: { type: "job", id: message.jobId },
    after: { status: "canceled", via: "websocket" },
  };
  const job = await cancelJob(
    env,
    workspaceId,
    message.jobId,
    auditBody(workspaceId, socketActor(session), [cancel]),
    kick,
  );
  return { jobId: job.id, status: job.status };
}

/** The problem code and message to send back for an error thrown by an action. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.detail ?? error.title };
  console.error(JSON.stringify({ event: "hub.action_failed", error: String(error) }));
  return { code: "internal_error", message: "The action failed on our side." };
}
