import { createRoute, z } from "@hono/zod-openapi";
import { BEARER_OR_API_KEY, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

const Word = z.object({ start: z.number(), end: z.number(), word: z.string(), confidence: z.number() });
const Segment = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  confidence: z.number(),
  words: z.array(Word),
  restored: z.literal(true).optional().openapi({
    description:
      "The text's sentence boundaries, punctuation and capitals were restored from the engine's words; `words` are as heard",
  }),
});

export const Transcript = z
  .object({
    id: z.string(),
    jobId: z.string(),
    language: z.string(),
    engine: z.string(),
    engineVersion: z.string(),
    durationSeconds: z.number(),
    text: z.string(),
    punctuation: z.enum(["engine", "restored"]).optional().openapi({
      description:
        "Whether the engine punctuated the text, or the platform restored sentences from an engine that gives none (pocketsphinx)",
    }),
    glossary: z
      .array(
        z.object({
          segment: z.number().int(),
          heard: z.string(),
          term: z.string(),
          match: z.enum(["spelling", "spoken_form", "phonetic", "reading"]),
          start: z.number().optional(),
          end: z.number().optional(),
        }),
      )
      .optional()
      .openapi({
        description:
          "Each replacement the workspace glossary made: the segment, what the engine gave, the term and when it was said (the segment's words keep what was heard)",
      }),
    segments: z.array(Segment).openapi({ description: "One per sentence when punctuation is restored" }),
  })
  .openapi("Transcript");

export const get = createRoute({
  method: "get",
  path: "/api/v1/transcripts/{file}",
  tags: ["Transcription"],
  summary: "A transcript as JSON, or exported by suffix: {id}.srt, {id}.vtt, {id}.txt",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: {
    headers: WorkspaceHeader,
    params: z.object({
      file: z
        .string()
        .regex(
          /^trn_[0-9a-hjkmnp-tv-z]{26}(\.(json|srt|vtt|txt))?$/,
          "a transcript id, optionally with .json, .srt, .vtt or .txt",
        )
        .openapi({ param: { name: "file", in: "path" }, example: "trn_01jd7x1q2w3e4r5t6y7u8i9o0p.srt" }),
    }),
  },
  responses: {
    200: {
      description: "The transcript",
      content: {
        "application/json": { schema: Transcript },
        "application/x-subrip": { schema: { type: "string" } },
        "text/vtt": { schema: { type: "string" } },
        "text/plain": { schema: { type: "string" } },
      },
    },
    ...problems(401, 403, 404, 422),
  },
});
