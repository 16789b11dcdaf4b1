/**
 * The real-time protocol between clients and a workspace's hub, version 1. Every inbound frame
 * is parsed with ClientMessage (never cast); every outbound frame is a ServerMessage.
 * Events carry the workspace's sequence number `seq`; replies carry the client's message `id`.
 */
import { z } from "zod";

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 64 * 1024;

const MessageId = z.string().min(1).max(64);
const JobId = z.string().regex(/^job_[0-9a-z]{26}$/);
const ProjectId = z.string().regex(/^prj_[0-9a-z]{26}$/);

export const Scope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("job"), jobId: JobId }),
  z.object({ kind: z.literal("project"), projectId: ProjectId }),
]);
export type Scope = z.infer<typeof Scope>;

/** Workspace settings that members change live; every change is broadcast. */
export const LiveSettings = z
  .strictObject({
    defaultLanguage: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
    defaultDiagramType: z.string().min(1).max(32).optional(),
    defaultTheme: z.enum(["light", "dark"]).optional(),
    announcement: z.string().max(500).optional(),
  })
  .refine((s) => Object.keys(s).length > 0, "at least one setting");
export type LiveSettings = z.infer<typeof LiveSettings>;

export const ClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping"), id: MessageId.optional() }),
  z.object({ type: z.literal("subscribe"), id: MessageId, scope: Scope }),
  z.object({ type: z.literal("unsubscribe"), id: MessageId, scope: Scope }),
  z.object({ type: z.literal("resume"), id: MessageId, since: z.number().int().min(0) }),
  z.object({
    type: z.literal("job:start"),
    id: MessageId,
    job: z.object({
      kind: z.literal("transcription"),
      url: z.string().url().max(2048),
      options: z.record(z.string(), z.unknown()).default({}),
    }),
  }),
  z.object({ type: z.literal("job:cancel"), id: MessageId, jobId: JobId }),
  z.object({ type: z.literal("settings:update"), id: MessageId, settings: LiveSettings }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const STAGE_NAMES = ["transcription", "analysis", "visualization", "rendering"] as const;

/** What the platform publishes to a workspace; the hub gives each a sequence number. */
export const HubEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("job:progress"),
    jobId: JobId,
    projectId: ProjectId.nullable(),
    stage: z.enum(STAGE_NAMES),
    progress: z.number().min(0).max(100),
    estimatedTimeRemaining: z.number().min(0).nullable(),
    currentOperation: z.string(),
  }),
  z.object({
    type: z.literal("job:complete"),
    jobId: JobId,
    projectId: ProjectId.nullable(),
    status: z.enum(["succeeded", "canceled"]),
  }),
  z.object({
    type: z.literal("job:error"),
    jobId: JobId,
    projectId: ProjectId.nullable(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("system:notification"),
    level: z.enum(["info", "warning", "critical"]),
    message: z.string(),
  }),
  z.object({ type: z.literal("settings:updated"), settings: z.record(z.string(), z.unknown()), by: z.string() }),
]);
export type HubEvent = z.infer<typeof HubEvent>;

/** An event as delivered: the event plus its sequence number and time. */
export type SequencedEvent = HubEvent & { seq: number; at: string };

export type ServerMessage =
  | SequencedEvent
  | { type: "welcome"; v: number; workspaceId: string; latestSeq: number }
  | { type: "ack"; id: string; result?: unknown }
  | { type: "error"; id?: string; code: string; message: string }
  | { type: "resync"; reason: "gap_too_old" | "unknown_seq"; oldestSeq: number; latestSeq: number }
  | { type: "pong"; id?: string };
