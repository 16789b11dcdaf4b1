/**
 * The artifacts table's writes: every file a job stores (its input, transcript, diagram files,
 * video, captions, poster) is one row here. INSERT OR IGNORE, so a redelivered stage adds nothing.
 */

import { and, eq } from "drizzle-orm";
import { type Db, getDb } from "../db/client";
import { type Guard, insertOrIgnore } from "../db/guard";
import { artifacts } from "../db/schema";
import { newId } from "../lib/ids";

export interface NewArtifact {
  workspaceId: string;
  jobId: string;
  name: string;
  r2Key: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const COLUMNS = ["id", "workspace_id", "job_id", "name", "r2_key", "content_type", "size", "sha256", "created_at"];

/** The statement that records one artifact, applied only while `guard` holds when given. */
export function artifactStatement(env: Pick<Env, "DB">, artifact: NewArtifact, guard?: Guard): D1PreparedStatement {
  const a = artifact;
  const values = [newId("art"), a.workspaceId, a.jobId, a.name, a.r2Key, a.contentType, a.size, a.sha256, a.createdAt];
  return insertOrIgnore(env, "artifacts", COLUMNS, values, guard);
}

/** The same row as a drizzle insert, for batches written with drizzle (a new job and its input). */
export function insertArtifact(db: Db, artifact: NewArtifact) {
  return db.insert(artifacts).values({ id: newId("art"), ...artifact });
}

/** Removes a job's artifact rows (a job that could not be queued keeps nothing). */
export function deleteArtifactsOfJob(db: Db, jobId: string) {
  return db.delete(artifacts).where(eq(artifacts.jobId, jobId));
}

/** The job's artifact of this name, if one is recorded. */
export async function findArtifact(
  env: Pick<Env, "DB">,
  jobId: string,
  name: string,
): Promise<{ id: string } | undefined> {
  return getDb(env)
    .select({ id: artifacts.id })
    .from(artifacts)
    .where(and(eq(artifacts.jobId, jobId), eq(artifacts.name, name)))
    .get();
}
