/**
 * Comments on a project or a diagram: part of a viewer's rights. Every query is scoped by the
 * workspace from the caller's context, and the subject must exist in that workspace.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { getDb } from "../db/client";
import { comments } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { getDiagram } from "../diagrams/store";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { getProject } from "../workspaces/projects";

export type CommentRecord = typeof comments.$inferSelect;
export type CommentSubject = { type: CommentRecord["subjectType"]; id: string };

/** 404 unless the project or diagram belongs to this workspace. */
async function assertSubjectExists(env: Env, workspaceId: string, subject: CommentSubject): Promise<void> {
  if (subject.type === "project") await getProject(env, workspaceId, subject.id);
  else await getDiagram(env, workspaceId, subject.id);
}

/** Adds a comment by `authorId` to a project or diagram of this workspace. */
export async function addComment(
  env: Env,
  workspaceId: string,
  subject: CommentSubject,
  authorId: string,
  body: string,
): Promise<CommentRecord> {
  await assertSubjectExists(env, workspaceId, subject);
  const comment: CommentRecord = {
    id: newId("cmt"),
    workspaceId,
    subjectType: subject.type,
    subjectId: subject.id,
    authorId,
    body,
    createdAt: isoNow(),
  };
  await getDb(env).insert(comments).values(comment);
  return comment;
}

/** A page of a subject's comments, oldest first (a conversation reads top to bottom). */
export async function listComments(
  env: Env,
  workspaceId: string,
  subject: CommentSubject,
  limit: number,
  afterId?: string,
): Promise<CommentRecord[]> {
  await assertSubjectExists(env, workspaceId, subject);
  return getDb(env)
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.workspaceId, workspaceId),
        eq(comments.subjectType, subject.type),
        eq(comments.subjectId, subject.id),
        afterId ? gt(comments.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(comments.id))
    .limit(limit + 1)
    .all();
}

/** Deletes a comment; only its author may. */
export async function deleteOwnComment(
  env: Env,
  workspaceId: string,
  commentId: string,
  userId: string,
): Promise<CommentRecord> {
  const comment = await getInWorkspace(env, comments, workspaceId, commentId, "comment");
  if (comment.authorId !== userId)
    throw new AppError(403, "not_comment_author", "Forbidden", "Only a comment's author can delete it.");
  await getDb(env)
    .delete(comments)
    .where(and(eq(comments.id, commentId), eq(comments.workspaceId, workspaceId)));
  return comment;
}
