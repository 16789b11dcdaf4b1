/** The public shape of a job, shared by every route that returns one. */
import { z } from "@hono/zod-openapi";
import type { JobResource as ClientJobResource } from "../../contracts/job";
import type { Same } from "../lib/same-type";
import type { JobRecord, listArtifacts, listWebhookDeliveries } from "./jobs";

const StageState = z.object({
  name: z.enum(["transcription", "analysis", "visualization", "rendering"]),
  status: z.enum(["pending", "running", "succeeded", "failed", "canceled"]),
});

export const Artifact = z
  .object({
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi("Artifact");

export const DiagramQualitySchema = z
  .object({
    overlaps: z.number().int(),
    edgeCrossings: z.number().int(),
    labelsOverBudget: z.array(z.string()),
    smallestTextPx: z.number(),
    nodesWithoutScene: z.array(z.string()),
  })
  .openapi("DiagramQuality", {
    description:
      "A layout, checked: overlapping boxes, crossing edges, labels over the length budget (node ids), the smallest text in pixels with the whole diagram fitted to 1920×1080, and nodes no scene reveals.",
  });

export const Job = z
  .object({
    id: z.string().openapi({ example: "job_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
    kind: z.enum(["transcription", "diagram", "video", "pipeline"]),
    status: z.enum(["queued", "running", "succeeded", "failed", "canceled"]),
    stage: z.string().nullable(),
    stages: z.array(StageState),
    progress: z.number().min(0).max(100),
    etaSeconds: z.number().int().nullable(),
    currentOperation: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    projectId: z.string().nullable(),
    batchId: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    artifacts: z.array(Artifact),
    transcriptId: z.string().nullable(),
    diagram: z
      .object({ id: z.string(), quality: DiagramQualitySchema.nullable() })
      .nullable()
      .openapi({ description: "The diagram the job drew and its quality report (see Diagram.quality)." }),
    webhooks: z.array(
      z.object({
        messageId: z.string(),
        event: z.string(),
        attempt: z.number().int(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        at: z.string().datetime(),
      }),
    ),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    startedAt: z.string().datetime().nullable(),
    finishedAt: z.string().datetime().nullable(),
  })
  .openapi("Job");
export type JobResource = z.infer<typeof Job>;

// The clients' copy of this shape (contracts/job.ts) must be exactly it: each assignable to the other.
const clientsReadThisShape: Same<JobResource, ClientJobResource> = true;
void clientsReadThisShape;

type ArtifactRow = Awaited<ReturnType<typeof listArtifacts>>[number];
type DeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>[number];

function stageStates(job: JobRecord): JobResource["stages"] {
  const current = job.stage ? job.stages.indexOf(job.stage) : -1;
  return job.stages.map((name, index) => {
    let status: JobResource["stages"][number]["status"] = "pending";
    if (job.status === "succeeded" || index < current) status = "succeeded";
    else if (index === current)
      status = job.status === "queued" ? "pending" : job.status === "running" ? "running" : job.status;
    return { name: name as JobResource["stages"][number]["name"], status };
  });
}

/** How much of a job's options a reader sees: a webhook URL often carries a token in its path or query. */
export type OptionsView = "full" | "origin";

function viewOptions(options: JobRecord["options"], view: OptionsView): JobResource["options"] {
  if (view === "full" || typeof options.webhookUrl !== "string") return options;
  // Only those who may start jobs see where a job reports; others see the origin, as for alert channels.
  let origin = "";
  try {
    origin = new URL(options.webhookUrl).origin;
  } catch {
    // a stored URL always parses; show nothing rather than the raw text if one ever does not
  }
  return { ...options, webhookUrl: `${origin}/…` };
}

/** Full options for those who may start jobs (they could set the URL themselves), the webhook's origin for the rest. */
export function optionsViewFor(permissions: ReadonlySet<string>): OptionsView {
  return permissions.has("jobs:create") ? "full" : "origin";
}

/** What a job made, shown on it: the transcript's id and the diagram with its quality report. */
export interface JobResults {
  transcriptId: string | null;
  diagram: JobResource["diagram"];
}
export const NO_RESULTS: JobResults = { transcriptId: null, diagram: null };

/** The job as the API shows it; `view` "origin" hides the webhook URL's path, query and credentials. */
export function toJobResource(
  job: JobRecord,
  artifacts: ArtifactRow[] = [],
  results: JobResults = NO_RESULTS,
  webhooks: DeliveryRow[] = [],
  view: OptionsView = "origin",
): JobResource {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    stage: job.stage,
    stages: stageStates(job),
    progress: job.progress,
    etaSeconds: job.etaSeconds,
    currentOperation: job.currentOperation,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? "" } : null,
    projectId: job.projectId,
    batchId: job.batchId,
    options: viewOptions(job.options, view),
    attempts: job.attempts,
    artifacts: artifacts.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
      createdAt: a.createdAt,
    })),
    transcriptId: results.transcriptId,
    diagram: results.diagram,
    webhooks: webhooks.map((w) => ({
      messageId: w.messageId,
      event: w.event,
      attempt: w.attempt,
      statusCode: w.statusCode,
      error: w.error,
      at: w.createdAt,
    })),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The answer to a create request with `dryRun`: what it would record, cost and take. Nothing is created. */
export const Estimate = z
  .object({
    dryRun: z.literal(true),
    valid: z.literal(true),
    usage: z.array(z.object({ meter: z.string(), quantity: z.number() })),
    estimatedCost: z.object({ currency: z.string(), microUnits: z.number().int(), display: z.string() }).nullable(),
    estimatedProcessingSeconds: z.number().nullable(),
    notes: z.array(z.string()),
  })
  .openapi("Estimate");

/** The `?dryRun=true` query parameter of create routes. */
export const DryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: 'Validate and estimate only (also `"dryRun": true` in a JSON body).' }),
});
