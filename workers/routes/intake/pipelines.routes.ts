import { createRoute } from "@hono/zod-openapi";
import { PipelineOptions } from "../../intake/create-transcription";
import { DryRunQuery, Estimate, Job } from "../../jobs/job-resource";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonOrMultipart } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";
import { uploadSchema, urlSchema } from "./recording-body";

export const create = createRoute({
  method: "post",
  path: "/api/v1/pipelines",
  tags: ["Pipelines"],
  summary: "Recording → transcript → diagram → explainer video, as one job of four stages",
  description:
    "Send the recording like POST /api/v1/transcribe (multipart `file`, or JSON `url`) with the diagram and video options. Each stage commits its results with the move to the next, so a retry resumes at the stage that failed (the runner stages, transcription and rendering, are queue messages of their own; analysis and visualization follow in the same delivery).",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:create"), idempotency(), jsonOrMultipart()],
  request: {
    query: DryRunQuery,
    headers: WorkspaceHeader,
    body: {
      required: false,
      content: {
        "multipart/form-data": { schema: uploadSchema(PipelineOptions) },
        "application/json": { schema: urlSchema(PipelineOptions) },
      },
    },
  },
  responses: {
    200: jsonResponse(Estimate, "dryRun: validated and estimated; nothing was created"),
    202: jsonResponse(Job, "Accepted; follow the job at its Location"),
    ...problems(400, 401, 403, 404, 413, 415, 422, 429),
  },
});
