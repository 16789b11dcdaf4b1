/**
 * The media runner's wire protocol, shared by the runner (which writes it) and the Worker's
 * runner client (which parses every line with these schemas, never casts).
 *
 *   GET    /healthz                 → RunnerHealth
 *   POST   /transcribe              body: the audio bytes; headers Zukai-Job-Id and Zukai-Options
 *                                   (JSON TranscribeOptions) → 200 application/x-ndjson stream of
 *                                   TranscribeLine, or 4xx/503 JSON RunnerError before any work
 *   DELETE /jobs/{jobId}            kills the job's child processes (cancel)
 *
 * Input problems are found before streaming starts and answer 422 with a stable code, so the
 * Worker can tell a bad recording (fail the job) from a runner fault (retry elsewhere).
 */
import { z } from "zod";

export const JOB_ID_HEADER = "Zukai-Job-Id";
export const OPTIONS_HEADER = "Zukai-Options";

export const TranscribeOptions = z.object({
  /** BCP 47 language of the speech; the offline engine supports "en". */
  language: z.string().min(2).max(16).default("en"),
  /** Absent: the runner picks the first engine that can do the language (PocketSphinx first). */
  engine: z.enum(["pocketsphinx", "whisper"]).optional(),
  /** Words to expect (the workspace glossary), for engines that take a prompt (whisper's --prompt). */
  prompt: z.string().max(1000).optional(),
  /** Chunks before this index were finished in an earlier attempt and are skipped. */
  startChunk: z.number().int().min(0).default(0),
  /** Longer input is refused before any work starts. */
  maxDurationSeconds: z
    .number()
    .positive()
    .max(6 * 3600)
    .default(3 * 3600),
});
export type TranscribeOptions = z.infer<typeof TranscribeOptions>;

/** The Zukai-Options header's value: JSON, \u-escaped so a Japanese prompt fits in a header (Latin-1 only). */
export function optionsHeader(options: Partial<TranscribeOptions>): string {
  return JSON.stringify(options).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export const Word = z.object({
  start: z.number(),
  end: z.number(),
  word: z.string(),
  confidence: z.number().min(0).max(1),
});
export type Word = z.infer<typeof Word>;

export const Segment = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  confidence: z.number().min(0).max(1),
  words: z.array(Word),
});
export type Segment = z.infer<typeof Segment>;

export const RUNNER_ERROR_CODES = [
  "unsupported_audio",
  "corrupt_audio",
  "empty_audio",
  "audio_too_long",
  "unsupported_language",
  "engine_unavailable",
  "engine_failed",
  "busy",
  "canceled",
  "bad_request",
] as const;

export const RunnerError = z.object({
  type: z.literal("error"),
  code: z.enum(RUNNER_ERROR_CODES),
  message: z.string(),
  /** True when another attempt (possibly on another runner) may succeed. */
  retryable: z.boolean(),
});
export type RunnerError = z.infer<typeof RunnerError>;

/** Progress of a transcription or a render: percent of the whole job, what it is doing, an ETA. */
export const ProgressLine = z.object({
  type: z.literal("progress"),
  percent: z.number().min(0).max(100),
  currentOperation: z.string(),
  /** Null until a speed has been measured. */
  etaSeconds: z.number().min(0).nullable(),
});

export const TranscribeLine = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("probe"),
    durationSeconds: z.number(),
    format: z.string(),
    chunkCount: z.number().int().min(0),
  }),
  ProgressLine,
  z.object({
    type: z.literal("chunk"),
    index: z.number().int().min(0),
    start: z.number(),
    end: z.number(),
    segments: z.array(Segment),
  }),
  z.object({
    type: z.literal("result"),
    durationSeconds: z.number(),
    language: z.string(),
    engine: z.string(),
    engineVersion: z.string(),
    chunkCount: z.number().int().min(0),
  }),
  RunnerError,
]);
export type TranscribeLine = z.infer<typeof TranscribeLine>;

export const RunnerHealth = z.object({
  status: z.enum(["idle", "busy"]),
  currentJobs: z.array(z.string()),
  engines: z.record(z.string(), z.string()),
  /**
   * Engine name → the primary language subtags it can transcribe right now (empty while its
   * binary or model is missing). Optional, so a runner from before this field still parses.
   */
  languages: z.record(z.string(), z.array(z.string())).optional(),
  maxConcurrentJobs: z.number().int(),
});
export type RunnerHealth = z.infer<typeof RunnerHealth>;

/*
 * Rendering (explainer video):
 *
 *   POST   /render                  multipart/form-data: part `manifest` (JSON RenderManifest) first,
 *                                   since it names the job that is admitted before the rest is read;
 *                                   then one part per scene SVG named as in manifest.scenes[].svgPart,
 *                                   and an optional part `audio` (any supported audio container) → 200
 *                                   application/x-ndjson stream of RenderLine, or 4xx/503 RunnerError
 *   GET    /outputs/{jobId}/{name}  streams a finished output (video.mp4, poster.png, captions.vtt)
 *   DELETE /outputs/{jobId}         frees the job's outputs once the Worker has stored them
 *
 * Outputs stay on the runner until fetched, so a result line is small and the Worker copies the
 * bytes to R2 at its own pace. `DELETE /jobs/{jobId}` cancels a render as it does a transcription.
 */
export const RESOLUTIONS = { "720p": [1280, 720], "1080p": [1920, 1080], "4k": [3840, 2160] } as const;
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** The frame in pixels: a resolution names the short side (9:16 at 720p is 720×1280). */
export function frameSizeOf(
  resolution: keyof typeof RESOLUTIONS,
  aspectRatio: AspectRatio = "16:9",
): { width: number; height: number } {
  const [long, short] = RESOLUTIONS[resolution];
  if (aspectRatio === "9:16") return { width: short, height: long };
  if (aspectRatio === "1:1") return { width: short, height: short };
  return { width: long, height: short };
}

/**
 * Where burned captions sit in a frame, in pixels: the runner draws them there and the Worker's
 * camera keeps spoken text above `band` (a share of the height, from the bottom). Sized by the
 * short side; in a portrait frame they sit higher, clear of the players' own controls there.
 */
export function captionLayout(
  width: number,
  height: number,
): { fontSize: number; marginV: number; marginH: number; box: number; band: number } {
  const fontSize = Math.round(Math.min(width, height) * 0.05);
  const marginV = Math.round(height > width ? height * 0.12 : height * 0.05);
  const box = Math.max(2, Math.round(fontSize * 0.25));
  // At most two lines (about 1.25 font sizes each) and the box above and below them.
  return {
    fontSize,
    marginV,
    marginH: Math.round(Math.min(width, height) * 0.05),
    box,
    band: (marginV + 2.5 * fontSize + 2 * box) / height,
  };
}

export const CaptionCue = z.object({ start: z.number().min(0), end: z.number().min(0), text: z.string().max(2000) });

/**
 * What the camera holds from `start` to `end` (seconds): a rectangle of the scene SVGs, in their
 * own user units (viewBox coordinates), scaled to fill the frame. Between two holds the camera
 * eases from one rectangle to the next, so a move is planned by leaving a gap between holds.
 */
export const CameraHold = z.object({
  start: z.number().min(0),
  end: z.number().min(0),
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().positive().finite(),
  height: z.number().positive().finite(),
});
export type CameraHold = z.infer<typeof CameraHold>;

export const RenderManifest = z.object({
  jobId: z.string().regex(/^[a-z]{2,4}_[0-9a-z]{26}$/),
  resolution: z.enum(["720p", "1080p", "4k"]),
  aspectRatio: z.enum(ASPECT_RATIOS).default("16:9"),
  fps: z.union([z.literal(30), z.literal(60)]),
  transition: z.enum(["crossfade", "cut"]).default("crossfade"),
  transitionSeconds: z.number().min(0).max(2).default(0.5),
  captions: z.enum(["burned", "track", "off"]).default("off"),
  /** Total length; with audio it must equal the audio's duration (the last scene is stretched). */
  durationSeconds: z
    .number()
    .positive()
    .max(6 * 3600),
  scenes: z
    .array(
      z.object({
        id: z.string().max(64),
        start: z.number().min(0),
        end: z.number().min(0),
        svgPart: z.string().regex(/^scene-\d{1,5}\.svg$/),
      }),
    )
    .min(1)
    .max(2000),
  cues: z.array(CaptionCue).max(20000).default([]),
  /**
   * The camera, in time order without overlap. Absent: every scene is shown whole, fitted to the
   * frame. The first hold is stretched back to 0 and the last one to the end of the video.
   */
  camera: z.array(CameraHold).min(1).max(4000).optional(),
  /** Fills the frame where a camera rectangle reaches past the scene (a fitted overview's bars). */
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#ffffff"),
  /** Seconds the video runs on after the soundtrack, silent: room to pull back to the whole diagram. */
  tailSeconds: z.number().min(0).max(10).default(0),
  /** Which scene the poster frame shows (default: the last, the complete diagram). */
  posterScene: z.number().int().min(0).optional(),
});
export type RenderManifest = z.infer<typeof RenderManifest>;

export const RenderOutput = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type RenderOutput = z.infer<typeof RenderOutput>;

export const RenderLine = z.discriminatedUnion("type", [
  ProgressLine,
  z.object({
    type: z.literal("result"),
    durationSeconds: z.number(),
    width: z.number().int(),
    height: z.number().int(),
    fps: z.number().int(),
    /** Distinct stills rasterised (one per scene and camera position or move, never per video frame). */
    framesRendered: z.number().int(),
    outputs: z.array(RenderOutput),
  }),
  RunnerError,
]);
export type RenderLine = z.infer<typeof RenderLine>;
