/** Queuing a video of a stored or inline diagram, optionally over a transcript's recording. */

import { z } from "zod";
import {
  ASPECT_RATIOS,
  CAPTIONS,
  FRAME_RATES,
  RESOLUTIONS,
  THEMES,
  TRANSITIONS,
} from "../../contracts/recording-options";
import { getDb } from "../db/client";
import { getDiagram, readDiagramFile } from "../diagrams/store";
import { DiagramData } from "../engine";
import { type AuditOf, auditOutboxRow, insertAuditRow, kickOutbox } from "../events/outbox";
import type { Actor } from "../intake/create-transcription";
import { estimate } from "../jobs/estimate";
import { insertJob, type JobRecord, newJobRecord } from "../jobs/jobs";
import { queueStage } from "../jobs/stages";
import { idPattern } from "../lib/ids";
import type { IdempotencyClaim } from "../middleware/idempotency-store";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";
import { admitJob } from "../quotas/admission";
import { getTranscript } from "../transcripts/transcripts";
import { getProject } from "../workspaces/projects";
import { inlineDiagramKey } from "./render-sources";

export const VideoRequest = z
  .strictObject({
    diagramId: z.string().regex(idPattern("dgm"), "not a diagram id").optional(),
    diagram: DiagramData.optional(),
    resolution: z.enum(RESOLUTIONS).default("720p"),
    /** 16:9, 9:16 (shorts) or 1:1; the resolution names the short side, the layout is redone for the frame. */
    aspectRatio: z.enum(ASPECT_RATIOS).default("16:9"),
    fps: z.union([z.literal(FRAME_RATES[0]), z.literal(FRAME_RATES[1])]).default(30),
    theme: z.enum(THEMES).default("light"),
    captions: z.enum(CAPTIONS).default("off"),
    audio: z.union([z.literal("none"), z.string().regex(idPattern("trn"), "a transcript id or none")]).default("none"),
    transition: z.enum(TRANSITIONS).default("crossfade"),
    projectId: z.string().regex(idPattern("prj"), "not a project id").optional(),
    webhookUrl: z.string().url().max(2048).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((r) => (r.diagramId === undefined) !== (r.diagram === undefined), "send exactly one of diagramId or diagram")
  .refine(
    (r) => r.captions === "off" || r.audio !== "none",
    "captions come from the transcript: set audio to a transcript id",
  );
export type VideoRequest = z.infer<typeof VideoRequest>;

/** Checks everything a video request names; returns the soundtrack's length, if any. */
async function checkVideoRequest(env: Env, actor: Actor, request: VideoRequest): Promise<number | null> {
  if (request.diagramId) await getDiagram(env, actor.workspaceId, request.diagramId);
  const transcript = request.audio !== "none" ? await getTranscript(env, actor.workspaceId, request.audio) : undefined;
  if (request.projectId) await getProject(env, actor.workspaceId, request.projectId);
  if (request.webhookUrl) await checkUrl(new URL(request.webhookUrl), outboundPolicy(env));
  return transcript?.durationSeconds ?? null;
}

/** The dry run of a video request: validated like the real one, estimated, nothing created. */
export async function estimateVideo(env: Env, actor: Actor, request: VideoRequest) {
  const audioSeconds = await checkVideoRequest(env, actor, request);
  const data =
    request.diagram ??
    (request.diagramId
      ? await (
          await readDiagramFile(env, await getDiagram(env, actor.workspaceId, request.diagramId), "json")
        ).json<DiagramData>()
      : undefined);
  const scenes = data?.scenes.length ?? 1;
  return estimate({
    kind: "video",
    audioSeconds,
    resolution: request.resolution,
    videoSeconds: Math.max(1, scenes) * 4,
  });
}

/**
 * Checks what the video draws from, then writes (with its audit entry) and queues a rendering job.
 * With an Idempotency-Key the job takes the id the key was claimed with and carries the key, so a
 * retry after the request died finds the job instead of making a second one.
 */
export async function createVideoJob(
  env: Env,
  actor: Actor,
  request: VideoRequest,
  audit: AuditOf<JobRecord>,
  claim?: IdempotencyClaim,
): Promise<JobRecord> {
  const { diagram, dryRun: _dryRun, ...options } = request;
  const audioSeconds = await checkVideoRequest(env, actor, request);
  const job = {
    ...newJobRecord(actor, {
      ...(claim ? { id: claim.jobId } : {}),
      projectId: options.projectId,
      kind: "video",
      stages: ["rendering"],
      options,
    }),
    idempotencyKey: claim?.key ?? null,
  };
  // A soundtrack sets the video's length; the render allowance holds that much until it is metered.
  await admitJob(env, actor.workspaceId, job, { videoSeconds: audioSeconds });

  if (diagram) await env.MEDIA.put(inlineDiagramKey(job), JSON.stringify(diagram));
  const db = getDb(env);
  await db.batch([insertJob(db, job), insertAuditRow(db, auditOutboxRow(actor.workspaceId, audit(job)))]);
  await kickOutbox(env, actor.workspaceId);
  await queueStage(env, job, "rendering");
  return job;
}
