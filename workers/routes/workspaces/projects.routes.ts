import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

export const Project = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    description: z.string(),
    createdBy: z.string(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Project");

const CreateProjectBody = z
  .strictObject({ name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional() })
  .openapi("CreateProjectRequest");

const tags = ["Projects"];

export const create = createRoute({
  method: "post",
  path: "/api/v1/projects",
  tags,
  summary: "Create a project in the current workspace",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:create"), jsonBody()],
  request: { headers: WorkspaceHeader, ...jsonRequest(CreateProjectBody) },
  responses: { 201: jsonResponse(Project, "Created"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/projects",
  tags,
  summary: "Projects of the current workspace, newest first",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:read")],
  request: { headers: WorkspaceHeader, query: PageQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(Project), nextCursor: z.string().nullable() }), "A page of projects"),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/projects/{projectId}",
  tags,
  summary: "One project",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:read")],
  request: {
    headers: WorkspaceHeader,
    params: z.object({
      projectId: z
        .string()
        .regex(idPattern("prj"), "not a project id")
        .openapi({ param: { name: "projectId", in: "path" } }),
    }),
  },
  responses: { 200: jsonResponse(Project, "The project"), ...problems(401, 403, 404, 422) },
});

const ProjectParams = z.object({
  projectId: z
    .string()
    .regex(idPattern("prj"), "not a project id")
    .openapi({ param: { name: "projectId", in: "path" } }),
});

const UpdateProjectBody = z
  .strictObject({ name: z.string().trim().min(1).max(200).optional(), description: z.string().max(2000).optional() })
  .refine((body) => body.name !== undefined || body.description !== undefined, "send name, description or both")
  .openapi("UpdateProjectRequest");

export const update = createRoute({
  method: "patch",
  path: "/api/v1/projects/{projectId}",
  tags,
  summary: "Rename a project or change its description",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:update"), jsonBody()],
  request: { headers: WorkspaceHeader, params: ProjectParams, ...jsonRequest(UpdateProjectBody) },
  responses: { 200: jsonResponse(Project, "The updated project"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/projects/{projectId}",
  tags,
  summary: "Delete a project; one with jobs only with ?force=true, which deletes its jobs, results and files too",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:delete")],
  request: {
    headers: WorkspaceHeader,
    params: ProjectParams,
    query: z.object({
      force: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "Also delete the project's jobs (none may be queued or running)." }),
    }),
  },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});
