/**
 * The choices a recording's job takes (POST /api/v1/transcribe, /pipelines, /videos): the API's
 * validators (workers/intake/create-transcription.ts, workers/videos/create.ts) are built from
 * these lists, and the console's pickers and the CLI's flags read the same ones.
 */
export const SPEECH_ENGINES = ["pocketsphinx", "whisper"] as const;
export const THEMES = ["light", "dark"] as const;
export const DIRECTIONS = ["TB", "LR"] as const;
/** The frame's short side. */
export const RESOLUTIONS = ["720p", "1080p", "4k"] as const;
/** 16:9, 9:16 (shorts) or 1:1; the resolution names the short side, the layout is redone for the frame. */
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1"] as const;
export const FRAME_RATES = [30, 60] as const;
export const CAPTIONS = ["burned", "track", "off"] as const;
export const TRANSITIONS = ["crossfade", "cut"] as const;

/** Every option a pipeline job takes, by name (the CLI passes these flags through). */
export const PIPELINE_OPTION_NAMES = [
  "language",
  "engine",
  "projectId",
  "webhookUrl",
  "type",
  "theme",
  "maxNodes",
  "direction",
  "resolution",
  "aspectRatio",
  "fps",
  "captions",
  "transition",
] as const;
export type PipelineOptionName = (typeof PIPELINE_OPTION_NAMES)[number];
