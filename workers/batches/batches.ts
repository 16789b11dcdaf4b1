/**
 * Batches: up to 100 creation requests of any kind in one call. Each item is created on its own,
 * so one refused item leaves the others running; the batch records which job each item became.
 * Each job's audit entry is written with the job, the batch's with the batch row.
 */

import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { batches, jobs } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { GenerateDiagramOptions, generateLater, generateNow, SYNC_TEXT_LIMIT } from "../diagrams/generate";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox } from "../events/outbox";
import type { Actor } from "../intake/create-transcription";
import { acceptRecording } from "../intake/intake";
import type { JobRecord } from "../jobs/jobs";
import { assignBatch } from "../jobs/transitions";
import { AppError } from "../lib/errors";
import { idPattern, newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { createVideoJob, VideoRequest } from "../videos/create";

export const MAX_BATCH_ITEMS = 100;

export const BatchItem = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("transcription"), request: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal("pipeline"), request: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal("diagram"), request: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal("video"), request: z.record(z.string(), z.unknown()) }),
]);
export const BatchRequest = z.strictObject({ items: z.array(BatchItem).min(1).max(MAX_BATCH_ITEMS) });
export type BatchRequest = z.infer<typeof BatchRequest>;

const DiagramItem = GenerateDiagramOptions.extend({
  text: z.string().min(1).optional(),
  transcriptId: z.string().regex(idPattern("trn")).optional(),
}).refine((b) => (b.text === undefined) !== (b.transcriptId === undefined), "send exactly one of text or transcriptId");

type StoredItem = (typeof batches.$inferSelect)["items"][number];

/** An item as the batch shows it, with its job's state (as it is now, or as it was created). */
function itemView(
  item: StoredItem,
  job: Pick<JobRecord, "status" | "progress" | "errorCode" | "errorMessage"> | undefined,
) {
  return {
    ...item,
    status: job?.status ?? "refused",
    progress: job?.progress ?? 0,
    error:
      item.error ?? (job?.errorCode ? { status: 0, code: job.errorCode, message: job.errorMessage ?? "" } : undefined),
  };
}

/** What a batch's caller records: each job an item created (with the job) and the batch (with its row). */
export interface BatchAudit {
  job: AuditOf<{ job: JobRecord; batchId: string }>;
  batch: AuditOf<{ id: string; items: ReturnType<typeof itemView>[] }>;
}

async function createItem(
  env: Env,
  actor: Actor,
  item: z.infer<typeof BatchItem>,
  audit: AuditOf<JobRecord>,
): Promise<JobRecord> {
  switch (item.kind) {
    case "transcription":
    case "pipeline":
      return acceptRecording(env, actor, { json: item.request }, item.kind, undefined, audit);
    case "diagram": {
      const parsed = DiagramItem.safeParse(item.request);
      if (!parsed.success)
        throw new AppError(
          422,
          "validation_failed",
          "Validation failed",
          parsed.error.issues.map((i) => i.message).join("; "),
        );
      const { text, transcriptId, ...options } = parsed.data;
      if (text !== undefined && text.length <= SYNC_TEXT_LIMIT)
        return (await generateNow(env, actor, text, options, ({ job }) => audit(job))).job;
      return generateLater(env, actor, { text, transcriptId }, options, audit);
    }
    case "video": {
      const parsed = VideoRequest.safeParse(item.request);
      if (!parsed.success)
        throw new AppError(
          422,
          "validation_failed",
          "Validation failed",
          parsed.error.issues.map((i) => i.message).join("; "),
        );
      return createVideoJob(env, actor, parsed.data, audit);
    }
  }
}

/** Creates every item it can and records the batch. */
export async function createBatch(env: Env, actor: Actor, request: BatchRequest, audit: BatchAudit) {
  const batchId = newId("bat");
  const items: StoredItem[] = [];
  const created = new Map<string, JobRecord>();
  for (const [index, item] of request.items.entries()) {
    try {
      const job = await createItem(env, actor, item, (job) => audit.job({ job, batchId }));
      created.set(job.id, job);
      items.push({ index, kind: item.kind, jobId: job.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      items.push({
        index,
        kind: item.kind,
        error: { status: error.status, code: error.code, message: error.detail ?? error.title },
      });
    }
  }
  const db = getDb(env);
  const jobIds = items.flatMap((i) => (i.jobId ? [i.jobId] : []));
  const entry = audit.batch({
    id: batchId,
    items: items.map((item) => itemView(item, item.jobId ? created.get(item.jobId) : undefined)),
  });
  await db.batch([
    db
      .insert(batches)
      .values({ id: batchId, workspaceId: actor.workspaceId, items, createdBy: actor.userId, createdAt: isoNow() }),
    insertAuditRow(db, auditOutboxRow(actor.workspaceId, entry)),
    ...(jobIds.length ? [assignBatch(db, actor.workspaceId, jobIds, batchId)] : []),
  ]);
  await kickOutbox(env, actor.workspaceId);
  return getBatch(env, actor.workspaceId, batchId);
}

/** The batch with every item's current job state and an aggregate. */
export async function getBatch(env: Env, workspaceId: string, batchId: string) {
  const db = getDb(env);
  const batch = await getInWorkspace(env, batches, workspaceId, batchId, "batch");
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.batchId, batchId)))
    .orderBy(desc(jobs.id))
    .all();
  const byId = new Map(rows.map((j) => [j.id, j]));
  const items = batch.items.map((item) => itemView(item, item.jobId ? byId.get(item.jobId) : undefined));
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    id: batch.id,
    createdAt: batch.createdAt,
    items,
    aggregate: {
      total: items.length,
      refused: count("refused"),
      queued: count("queued"),
      running: count("running"),
      succeeded: count("succeeded"),
      failed: count("failed"),
      canceled: count("canceled"),
      done: items.every((i) => ["refused", "succeeded", "failed", "canceled"].includes(i.status)),
    },
  };
}
