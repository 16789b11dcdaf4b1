import { createRoute, z } from "@hono/zod-openapi";
import { Job } from "../../jobs/job-resource";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

const tags = ["Jobs"];
const guard = [authenticate(), actInWorkspace(), requirePermission("jobs:read")];
const JobParams = z.object({
  id: z
    .string()
    .regex(idPattern("job"), "not a job id")
    .openapi({ param: { name: "id", in: "path" } }),
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/jobs",
  tags,
  summary: "Jobs of the current workspace, newest first",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: {
    headers: WorkspaceHeader,
    query: PageQuery.extend({
      status: z.enum(["queued", "running", "succeeded", "failed", "canceled"]).optional(),
      kind: z.enum(["transcription", "diagram", "video", "pipeline"]).optional(),
      projectId: z.string().regex(idPattern("prj"), "not a project id").optional(),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(Job), nextCursor: z.string().nullable() }), "A page of jobs"),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/jobs/{id}",
  tags,
  summary: "One job: status, stage, progress, ETA, error and artifacts",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: { headers: WorkspaceHeader, params: JobParams },
  responses: { 200: jsonResponse(Job, "The job"), ...problems(401, 403, 404, 422) },
});

export const cancel = createRoute({
  method: "delete",
  path: "/api/v1/jobs/{id}",
  tags,
  summary: "Cancel a queued or running job: its runner processes are killed and nothing partial is kept",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:cancel")],
  request: { headers: WorkspaceHeader, params: JobParams },
  responses: { 200: jsonResponse(Job, "The canceled job"), ...problems(401, 403, 404, 409, 422) },
});
