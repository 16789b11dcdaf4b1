/** Jobs and their results: artifacts, transcripts, diagrams, batches, idempotency keys, webhook deliveries, dead jobs. */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { DiagramQuality } from "../../engine";
import { createdAt } from "./columns";
import { workspaces } from "./workspaces";

/** One unit of work through one or more of the four stages. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    kind: text("kind", { enum: ["transcription", "diagram", "video", "pipeline"] }).notNull(),
    /** JSON array of the stages this job runs, in order. */
    stages: text("stages", { mode: "json" }).$type<string[]>().notNull(),
    stage: text("stage"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "canceled"] }).notNull(),
    progress: real("progress").notNull().default(0),
    etaSeconds: integer("eta_seconds"),
    currentOperation: text("current_operation"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    /** Options the job was created with (validated JSON). */
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    batchId: text("batch_id"),
    attempts: integer("attempts").notNull().default(0),
    /** Resumable progress of the current stage, e.g. `{ "chunksDone": 3 }` for transcription. */
    checkpoint: text("checkpoint", { mode: "json" }).$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    index("jobs_workspace_created").on(t.workspaceId, t.createdAt),
    index("jobs_workspace_status").on(t.workspaceId, t.status, t.createdAt),
    index("jobs_workspace_project").on(t.workspaceId, t.projectId, t.createdAt),
    index("jobs_batch").on(t.workspaceId, t.batchId),
    uniqueIndex("jobs_workspace_idempotency").on(t.workspaceId, t.idempotencyKey),
  ],
);

/** Every stored object in R2 that belongs to a job; the storage quota sums `size` here. */
export const artifacts = sqliteTable(
  "artifacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    name: text("name").notNull(),
    r2Key: text("r2_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("artifacts_job_name").on(t.jobId, t.name),
    index("artifacts_workspace").on(t.workspaceId, t.createdAt),
    // Covers SUM(size) for the storage quota (migration 0006_quota_triggers).
    index("artifacts_workspace_size").on(t.workspaceId, t.size),
  ],
);

/** A finished transcript; the full text with timings is `transcript.json` in R2. */
export const transcripts = sqliteTable(
  "transcripts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull().unique(),
    projectId: text("project_id"),
    language: text("language").notNull(),
    engine: text("engine").notNull(),
    engineVersion: text("engine_version").notNull(),
    durationSeconds: real("duration_seconds").notNull(),
    segmentCount: integer("segment_count").notNull(),
    wordCount: integer("word_count").notNull(),
    /** The first few hundred characters, for lists. */
    preview: text("preview").notNull(),
    r2Key: text("r2_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("transcripts_workspace").on(t.workspaceId, t.createdAt)],
);

/** A diagram: its DiagramData, SVG and Mermaid live in R2 under `ws/{workspaceId}/diagrams/{id}/`. */
export const diagrams = sqliteTable(
  "diagrams",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull().unique(),
    transcriptId: text("transcript_id"),
    projectId: text("project_id"),
    type: text("type").notNull(),
    title: text("title").notNull(),
    language: text("language").notNull(),
    /** How the type was chosen: confidence, ranked alternatives and the cues that decided. */
    detection: text("detection", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Render options (theme, direction, maxNodes). */
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The quality report of the current revision's layout (null for diagrams stored before it existed). */
    quality: text("quality", { mode: "json" }).$type<DiagramQuality>(),
    /** Bumped by every edit, so caches and clients can tell versions apart. */
    revision: integer("revision").notNull().default(1),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("diagrams_workspace").on(t.workspaceId, t.createdAt)],
);

/** A batch of up to 100 creation requests; its jobs carry its id, refused items are kept here. */
export const batches = sqliteTable(
  "batches",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** One entry per submitted item: its kind and either the job id or why it was refused. */
    items: text("items", { mode: "json" })
      .$type<
        { index: number; kind: string; jobId?: string; error?: { status: number; code: string; message: string } }[]
      >()
      .notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("batches_workspace").on(t.workspaceId, t.createdAt)],
);

/**
 * Idempotency keys of POST requests that create work, kept 24 h per workspace. The fingerprint
 * is the SHA-256 of the request body (multipart boundaries removed), so a retry with another
 * body is told apart from a replay.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    fingerprint: text("fingerprint"),
    status: text("status", { enum: ["in_progress", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    responseLocation: text("response_location"),
    /**
     * The id of the job this key's request creates, drawn when the key is first claimed and kept
     * when a retry takes the key over: whatever a request that died stored under it (its recording
     * in R2) is what the retry stores again, not an orphan beside a second job.
     */
    jobId: text("job_id"),
    createdAt: createdAt(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] }), index("idempotency_expires").on(t.expiresAt)],
);

/** One row per webhook delivery attempt, shown on the job. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    /** The Standard Webhooks message id; the same for every attempt of one event. */
    messageId: text("message_id").notNull(),
    event: text("event").notNull(),
    url: text("url").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_deliveries_job").on(t.workspaceId, t.jobId, t.createdAt)],
);

/**
 * A job stage whose queue message used up its retries and reached the dead-letter queue. An
 * operator lists them (across workspaces) and replays one, which queues the stage again.
 */
export const deadJobs = sqliteTable(
  "dead_jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    stage: text("stage").notNull(),
    reason: text("reason").notNull(),
    deliveries: integer("deliveries").notNull(),
    deadAt: text("dead_at").notNull(),
    replayedAt: text("replayed_at"),
  },
  (t) => [index("dead_jobs_workspace").on(t.workspaceId, t.deadAt), index("dead_jobs_pending").on(t.replayedAt, t.id)],
);
