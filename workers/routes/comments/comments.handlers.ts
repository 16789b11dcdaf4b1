import {
  addComment,
  type CommentRecord,
  type CommentSubject,
  deleteOwnComment,
  listComments,
} from "../../comments/comments";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./comments.routes";

function toResource(comment: CommentRecord) {
  return {
    id: comment.id,
    subject: { type: comment.subjectType, id: comment.subjectId },
    authorId: comment.authorId,
    body: comment.body,
    createdAt: comment.createdAt,
  };
}

function locationOf(subject: CommentSubject): string {
  return `/api/v1/${subject.type === "project" ? "projects" : "diagrams"}/${subject.id}/comments`;
}

export const createOnProject: AppRouteHandler<typeof routes.createOnProject> = async (c) => {
  const subject: CommentSubject = { type: "project", id: c.req.valid("param").projectId };
  const comment = await addComment(
    c.env,
    c.get("membership").workspaceId,
    subject,
    c.get("principal").userId,
    c.req.valid("json").body,
  );
  return c.json(toResource(comment), 201, { Location: locationOf(subject) });
};

export const createOnDiagram: AppRouteHandler<typeof routes.createOnDiagram> = async (c) => {
  const subject: CommentSubject = { type: "diagram", id: c.req.valid("param").diagramId };
  const comment = await addComment(
    c.env,
    c.get("membership").workspaceId,
    subject,
    c.get("principal").userId,
    c.req.valid("json").body,
  );
  return c.json(toResource(comment), 201, { Location: locationOf(subject) });
};

export const listOnProject: AppRouteHandler<typeof routes.listOnProject> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const subject: CommentSubject = { type: "project", id: c.req.valid("param").projectId };
  const page = toPage(
    await listComments(c.env, c.get("membership").workspaceId, subject, limit, decodeCursor(cursor)),
    limit,
  );
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const listOnDiagram: AppRouteHandler<typeof routes.listOnDiagram> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const subject: CommentSubject = { type: "diagram", id: c.req.valid("param").diagramId };
  const page = toPage(
    await listComments(c.env, c.get("membership").workspaceId, subject, limit, decodeCursor(cursor)),
    limit,
  );
  return c.json({ items: page.items.map(toResource), nextCursor: page.nextCursor }, 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  await deleteOwnComment(
    c.env,
    c.get("membership").workspaceId,
    c.req.valid("param").commentId,
    c.get("principal").userId,
  );
  return c.body(null, 204);
};
