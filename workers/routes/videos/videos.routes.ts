import { createRoute, z } from "@hono/zod-openapi";
import { DryRunQuery, Estimate, Job } from "../../jobs/job-resource";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";
import { VideoRequest } from "../../videos/create";

const tags = ["Videos"];

export const Video = z
  .object({
    id: z.string(),
    jobId: z.string(),
    status: z.string(),
    resolution: z.string(),
    aspectRatio: z.string(),
    fps: z.number().int(),
    size: z.number().int().nullable(),
    sha256: z.string().nullable(),
    links: z
      .record(z.string(), z.string())
      .openapi({ description: "mp4 (Range requests supported), png (poster), vtt (captions)" }),
  })
  .openapi("Video");

export const generate = createRoute({
  method: "post",
  path: "/api/v1/generate-video",
  tags,
  summary: "Render an explainer video of a diagram, revealed scene by scene in step with the speech",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:create"), idempotency(), jsonBody()],
  request: { query: DryRunQuery, headers: WorkspaceHeader, ...jsonRequest(VideoRequest) },
  responses: {
    200: jsonResponse(Estimate, "dryRun: validated and estimated; nothing was created"),
    202: jsonResponse(Job, "Accepted; the video is vid_ + the job id's suffix"),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/videos/{file}",
  tags,
  summary: "A video (JSON), or its {id}.mp4 (supports Range), {id}.png poster or {id}.vtt captions",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: {
    headers: WorkspaceHeader.extend({
      range: z
        .string()
        .max(100)
        .optional()
        .openapi({ param: { name: "range", in: "header" } }),
    }),
    params: z.object({
      file: z
        .string()
        .regex(/^vid_[0-9a-hjkmnp-tv-z]{26}(\.(mp4|png|vtt))?$/, "a video id, optionally with .mp4, .png or .vtt")
        .openapi({ param: { name: "file", in: "path" }, example: "vid_01jd7x1q2w3e4r5t6y7u8i9o0p.mp4" }),
    }),
  },
  responses: {
    200: {
      description: "The video or one of its files",
      content: { "application/json": { schema: Video }, "video/mp4": { schema: { type: "string", format: "binary" } } },
    },
    206: { description: "The requested byte range" },
    416: { description: "Range not satisfiable" },
    ...problems(401, 403, 404, 422),
  },
});
