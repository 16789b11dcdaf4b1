import { createRoute } from "@hono/zod-openapi";
import { DryRunQuery, Estimate, Job } from "../../jobs/job-resource";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonOrMultipart } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

// Plain JSON Schema (not zod) so the upload is streamed by the handler, never buffered by a validator.
const OPTION_FIELDS: Record<string, Record<string, unknown>> = {
  language: { type: "string", example: "en" },
  engine: { type: "string", enum: ["pocketsphinx", "whisper"] },
  projectId: { type: "string" },
  webhookUrl: { type: "string", format: "uri" },
  type: { type: "string", description: "auto or one of the eleven diagram types" },
  theme: { type: "string", enum: ["light", "dark"] },
  maxNodes: { type: "integer", minimum: 3, maximum: 60 },
  direction: { type: "string", enum: ["TB", "LR"] },
  resolution: { type: "string", enum: ["720p", "1080p", "4k"], description: "the frame's short side" },
  aspectRatio: { type: "string", enum: ["16:9", "9:16", "1:1"] },
  fps: { type: "integer", enum: [30, 60] },
  captions: { type: "string", enum: ["burned", "track", "off"] },
  transition: { type: "string", enum: ["crossfade", "cut"] },
};

export const create = createRoute({
  method: "post",
  path: "/api/v1/pipelines",
  tags: ["Pipelines"],
  summary: "Recording → transcript → diagram → explainer video, as one job of four stages",
  description:
    "Send the recording like POST /api/v1/transcribe (multipart `file`, or JSON `url`) with the diagram and video options. Each stage is its own queue message: a retry resumes at the stage that failed.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:create"), idempotency(), jsonOrMultipart()],
  request: {
    query: DryRunQuery,
    headers: WorkspaceHeader,
    body: {
      required: false,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: { file: { type: "string", format: "binary" }, ...OPTION_FIELDS },
          },
        },
        "application/json": {
          schema: {
            type: "object",
            required: ["url"],
            properties: { url: { type: "string", format: "uri" }, ...OPTION_FIELDS },
          },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(Estimate, "dryRun: validated and estimated; nothing was created"),
    202: jsonResponse(Job, "Accepted; follow the job at its Location"),
    ...problems(400, 401, 403, 404, 413, 415, 422, 429),
  },
});
