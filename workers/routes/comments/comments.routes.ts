import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

const tags = ["Comments"];

export const Comment = z
  .object({
    id: z.string(),
    subject: z.object({ type: z.enum(["project", "diagram"]), id: z.string() }),
    authorId: z.string(),
    body: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi("Comment");

const CommentBody = z.strictObject({ body: z.string().trim().min(1).max(4000) }).openapi("CreateCommentRequest");
const CommentPage = z.object({ items: z.array(Comment), nextCursor: z.string().nullable() }).openapi("CommentPage");

const ProjectParams = z.object({
  projectId: z
    .string()
    .regex(idPattern("prj"), "not a project id")
    .openapi({ param: { name: "projectId", in: "path" } }),
});
const DiagramParams = z.object({
  diagramId: z
    .string()
    .regex(idPattern("dgm"), "not a diagram id")
    .openapi({ param: { name: "diagramId", in: "path" } }),
});
const CommentParams = z.object({
  commentId: z
    .string()
    .regex(idPattern("cmt"), "not a comment id")
    .openapi({ param: { name: "commentId", in: "path" } }),
});

export const createOnProject = createRoute({
  method: "post",
  path: "/api/v1/projects/{projectId}/comments",
  tags,
  summary: "Comment on a project",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("comments:create"), jsonBody()],
  request: { headers: WorkspaceHeader, params: ProjectParams, ...jsonRequest(CommentBody) },
  responses: { 201: jsonResponse(Comment, "Created"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const listOnProject = createRoute({
  method: "get",
  path: "/api/v1/projects/{projectId}/comments",
  tags,
  summary: "A project's comments, oldest first",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:read")],
  request: { headers: WorkspaceHeader, params: ProjectParams, query: PageQuery },
  responses: { 200: jsonResponse(CommentPage, "A page of comments"), ...problems(400, 401, 403, 404, 422) },
});

export const createOnDiagram = createRoute({
  method: "post",
  path: "/api/v1/diagrams/{diagramId}/comments",
  tags,
  summary: "Comment on a diagram",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("comments:create"), jsonBody()],
  request: { headers: WorkspaceHeader, params: DiagramParams, ...jsonRequest(CommentBody) },
  responses: { 201: jsonResponse(Comment, "Created"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const listOnDiagram = createRoute({
  method: "get",
  path: "/api/v1/diagrams/{diagramId}/comments",
  tags,
  summary: "A diagram's comments, oldest first",
  security: BEARER_OR_API_KEY,
  // Whoever may read a diagram (jobs:read, as GET /diagrams/{id}) may read what was said about it.
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: { headers: WorkspaceHeader, params: DiagramParams, query: PageQuery },
  responses: { 200: jsonResponse(CommentPage, "A page of comments"), ...problems(400, 401, 403, 404, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/comments/{commentId}",
  tags,
  summary: "Delete your own comment",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("comments:create")],
  request: { headers: WorkspaceHeader, params: CommentParams },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
