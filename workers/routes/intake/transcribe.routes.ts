import { createRoute, z } from "@hono/zod-openapi";
import { SPEECH_ENGINES } from "../../../contracts/recording-options";
import { TranscriptionOptions } from "../../intake/create-transcription";
import { DryRunQuery, Estimate, Job } from "../../jobs/job-resource";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonOrMultipart } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";
import { uploadSchema } from "./recording-body";

export const UrlBody = z
  .strictObject({
    url: z.string().url().max(2048).openapi({ example: "https://example.com/lecture.mp3" }),
    language: z.string().optional(),
    engine: z.enum(SPEECH_ENGINES).optional(),
    projectId: z.string().optional(),
    webhookUrl: z.string().url().optional(),
    dryRun: z.boolean().optional(),
  })
  .openapi("TranscribeUrlRequest");

export const transcribe = createRoute({
  method: "post",
  path: "/api/v1/transcribe",
  tags: ["Transcription"],
  summary: "Transcribe a recording (upload or https URL); returns the job",
  description:
    "Send `multipart/form-data` with the audio in `file` (MP3, WAV, OGG/Opus, M4A/AAC, FLAC or WebM, recognised by its bytes) and optional fields `language`, `engine`, `projectId`, `webhookUrl`; or JSON with `url`. The upload streams to storage; past the size cap the request is refused with 413 at once.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:create"), idempotency(), jsonOrMultipart()],
  request: {
    query: DryRunQuery,
    headers: WorkspaceHeader.extend({
      "idempotency-key": z
        .string()
        .max(255)
        .optional()
        .openapi({
          param: { name: "idempotency-key", in: "header" },
          description: "Replays the first response for 24 h.",
        }),
    }),
    body: {
      required: false,
      content: {
        "multipart/form-data": { schema: uploadSchema(TranscriptionOptions) },
        "application/json": { schema: UrlBody },
      },
    },
  },
  responses: {
    200: jsonResponse(Estimate, "dryRun: validated and estimated; nothing was created"),
    202: jsonResponse(Job, "Accepted; follow the job at its Location"),
    ...problems(400, 401, 403, 404, 413, 415, 422, 429),
  },
});
