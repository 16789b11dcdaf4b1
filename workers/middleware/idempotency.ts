import type { Context, MiddlewareHandler } from "hono";
import { NO_RESULTS, toJobResource } from "../jobs/job-resource";
import type { JobRecord } from "../jobs/jobs";
import { StageMessage } from "../jobs/messages";
import { fingerprintRequest } from "../lib/body-fingerprint";
import type { AppEnv } from "../lib/context";
import { AppError, badRequest } from "../lib/errors";
import { multipartBoundary } from "../storage/multipart";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
  findJobOfIdempotencyKey,
  type IdempotencyRecord,
  releaseIdempotencyKey,
} from "./idempotency-store";

const inProgress = () =>
  new AppError(
    409,
    "idempotency_in_progress",
    "Conflict",
    "A request with this Idempotency-Key is still being processed.",
    {},
    { "Retry-After": "1" },
  );
const reused = () =>
  new AppError(
    422,
    "idempotency_key_reused",
    "Idempotency-Key reused",
    "This key was used with another request; use a new key for new work.",
  );

export type Outcome = { fingerprint: string; status: number; body: string; location: string | null };

/**
 * How a route answers for the job its request created, when that request died before answering;
 * undefined for the usual answer (202 with the job).
 */
export type AnswerForJob = (c: Context<AppEnv>, job: JobRecord) => Promise<Omit<Outcome, "fingerprint"> | undefined>;

function jobAccepted(job: JobRecord): Omit<Outcome, "fingerprint"> {
  return {
    status: 202,
    body: JSON.stringify(toJobResource(job, [], NO_RESULTS, [], "full")),
    location: `/api/v1/jobs/${job.id}`,
  };
}

/**
 * The outcome a key stands for when its request created a job but did not complete the key (the
 * isolate died in between, or a step after the job failed): the job is written with the key in
 * the batch that creates it, so the job is the answer, in the form the route gives it.
 */
async function outcomeFromJob(
  c: Context<AppEnv>,
  workspaceId: string,
  key: string,
  fingerprint: string,
  answerFor?: AnswerForJob,
): Promise<Outcome | undefined> {
  const job = await findJobOfIdempotencyKey(c.env, workspaceId, key);
  if (!job) return undefined;
  // The request may have died between writing the job and queueing its first stage: queue it
  // again (a stage delivered twice runs once), so the job never waits for a message never sent.
  const stage = StageMessage.shape.stage.safeParse(job.stage);
  if (job.status === "queued" && job.startedAt === null && stage.success) {
    const message: StageMessage = { type: "stage", jobId: job.id, workspaceId, stage: stage.data };
    await c.env.JOBS.send(message);
  }
  return { fingerprint, ...((await answerFor?.(c, job)) ?? jobAccepted(job)) };
}

function replay(c: Context<AppEnv>, outcome: Pick<Outcome, "status" | "body" | "location">): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json", "Idempotent-Replayed": "true" };
  if (outcome.location) headers.Location = outcome.location;
  return c.body(outcome.body, outcome.status as 200, headers);
}

/** Answers a request whose key is already held: a replay, a reuse refusal, or "still running". */
async function answerKnownKey(
  c: Context<AppEnv>,
  workspaceId: string,
  key: string,
  existing: IdempotencyRecord,
  fingerprint: () => Promise<string>,
  answerFor?: AnswerForJob,
): Promise<Response> {
  if (existing.method !== c.req.method || existing.path !== new URL(c.req.url).pathname) throw reused();
  if (existing.status === "in_progress") {
    const fromJob = await outcomeFromJob(c, workspaceId, key, await fingerprint(), answerFor);
    if (!fromJob) throw inProgress();
    await completeIdempotencyKey(c.env, workspaceId, key, fromJob);
    return replay(c, fromJob);
  }
  if (existing.fingerprint !== (await fingerprint())) throw reused();
  return replay(c, {
    status: existing.responseStatus ?? 200,
    body: existing.responseBody ?? "",
    location: existing.responseLocation,
  });
}

/**
 * `Idempotency-Key` on a POST that creates work: the same key with the same request (method,
 * path, query and body) returns the first response again (`Idempotent-Replayed: true`); with
 * another request, 422; while the first is still running, 409. Keys live 24 h per workspace.
 * Only successful responses are kept, so a refused request can be corrected and retried under
 * the same key — unless it created a job before failing, which the key then stands for.
 *
 * The claim carries the id of the job the request creates (`c.get("idempotency")`); a retry that
 * takes over a key left by a dead request gets the same id. `answerForJob` gives a route's own
 * answer for the job a dead request created (default: 202 with the job).
 */
export function idempotency(options: { answerForJob?: AnswerForJob } = {}): MiddlewareHandler<AppEnv> {
  const answerFor = options.answerForJob;
  return async function idempotency(c, next) {
    const key = c.req.header("Idempotency-Key");
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key))
      throw badRequest("invalid_idempotency_key", "Idempotency-Key must be 1–255 visible ASCII characters.");
    const { workspaceId } = c.get("membership");
    const path = new URL(c.req.url).pathname;
    const tapped = fingerprintRequest(c.req.raw, multipartBoundary(c.req.header("Content-Type")));
    const readFingerprint = async () => {
      await tapped.body.pipeTo(new WritableStream());
      return tapped.fingerprint;
    };

    // Claim first: a new key (the usual case) costs one D1 write; only a known key is read.
    let claim = await claimIdempotencyKey(c.env, workspaceId, key, c.req.method, path);
    if (!claim) {
      const existing = await findIdempotencyKey(c.env, workspaceId, key);
      if (existing) return answerKnownKey(c, workspaceId, key, existing, readFingerprint, answerFor);
      // The key had expired (the read removed it): claim it afresh.
      claim = await claimIdempotencyKey(c.env, workspaceId, key, c.req.method, path);
      if (!claim) throw inProgress();
    }
    c.set("idempotency", claim);

    c.req.raw = new Request(c.req.raw, { body: tapped.body });
    // A refused request frees its key, unless it created a job first: then the key stays in
    // progress and the next retry answers with that job (answerKnownKey).
    const settleRefused = async () => {
      if (!(await findJobOfIdempotencyKey(c.env, workspaceId, key)))
        await releaseIdempotencyKey(c.env, workspaceId, key);
    };
    try {
      await next();
    } catch (error) {
      await settleRefused();
      throw error;
    }
    if (c.res.status >= 300) return settleRefused();
    await completeIdempotencyKey(c.env, workspaceId, key, {
      fingerprint: await tapped.fingerprint,
      status: c.res.status,
      body: await c.res.clone().text(),
      location: c.res.headers.get("Location"),
    });
  };
}
