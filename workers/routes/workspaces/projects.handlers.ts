import { requestAuditBody } from "../../audit/record";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../../workspaces/projects";
import type * as routes from "./projects.routes";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { workspaceId } = c.get("membership");
  const project = await createProject(c.env, workspaceId, c.req.valid("json"), c.get("principal").userId);
  return c.json(project, 201, { Location: `/api/v1/projects/${project.id}` });
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const rows = await listProjects(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor));
  return c.json(toPage(rows, limit), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  return c.json(await getProject(c.env, c.get("membership").workspaceId, c.req.valid("param").projectId), 200);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { after } = await updateProject(c.env, workspaceId, c.req.valid("param").projectId, c.req.valid("json"));
  return c.json(after, 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { workspaceId } = c.get("membership");
  await deleteProject(
    c.env,
    workspaceId,
    c.req.valid("param").projectId,
    c.req.valid("query").force === "true",
    ({ project, deletedJobs }) =>
      requestAuditBody(c, workspaceId, {
        action: "project.deleted",
        target: { type: "project", id: project.id },
        before: { name: project.name, jobs: deletedJobs },
      }),
  );
  return c.body(null, 204);
};
