/**
 * Rendering is the expensive stage, and its output is a pure function of its inputs: the scene
 * SVGs, the manifest's settings and the soundtrack. A render whose content hash matches a video
 * this workspace already has is copied instead of rendered again, and not billed again.
 */

import type { RenderManifest } from "../../containers/media-runner/src/protocol";
import { artifactStatement } from "../jobs/artifacts";
import type { JobRecord } from "../jobs/jobs";
import { completeStage, whileRunning } from "../jobs/stages";
import { sha256Hex } from "../lib/crypto";
import { isoNow } from "../lib/time";
import type { OutgoingPart } from "../runners/multipart-body";
import { jobPrefix } from "../storage/keys";

/** The content hash of everything that decides a video's bytes (not the job it belongs to). */
export async function renderKeyOf(
  env: Env,
  manifest: RenderManifest,
  parts: OutgoingPart[],
  audioKey: string | undefined,
): Promise<string> {
  const audio = audioKey
    ? await env.DB.prepare("SELECT sha256 FROM artifacts WHERE r2_key = ?").bind(audioKey).first<{ sha256: string }>()
    : null;
  const { jobId: _jobId, ...settings } = manifest;
  return sha256Hex(JSON.stringify({ settings, scenes: parts.map((p) => p.body), audio: audio?.sha256 ?? null }));
}

interface TwinArtifact {
  name: string;
  r2_key: string;
  content_type: string;
  size: number;
  sha256: string;
}

/** Copies an identical earlier render into this job and ends the stage; false when there is none. */
export async function reuseIdenticalRender(env: Env, job: JobRecord, renderKey: string): Promise<boolean> {
  const twin = await env.DB.prepare(
    "SELECT id FROM jobs WHERE workspace_id = ? AND status = 'succeeded' AND id != ? AND json_extract(checkpoint, '$.renderKey') = ? LIMIT 1",
  )
    .bind(job.workspaceId, job.id, renderKey)
    .first<{ id: string }>();
  if (!twin) return false;
  const { results } = await env.DB.prepare(
    "SELECT name, r2_key, content_type, size, sha256 FROM artifacts WHERE job_id = ? AND name IN ('video.mp4', 'poster.png', 'captions.vtt')",
  )
    .bind(twin.id)
    .all<TwinArtifact>();
  if (!results.some((a) => a.name === "video.mp4")) return false;
  const now = isoNow();
  const copies: D1PreparedStatement[] = [];
  for (const artifact of results) {
    const source = await env.MEDIA.get(artifact.r2_key);
    if (!source) return false;
    const key = `${jobPrefix(job.workspaceId, job.id)}${artifact.name}`;
    await env.MEDIA.put(key, source.body, { httpMetadata: { contentType: artifact.content_type } });
    copies.push(
      artifactStatement(
        env,
        {
          workspaceId: job.workspaceId,
          jobId: job.id,
          name: artifact.name,
          r2Key: key,
          contentType: artifact.content_type,
          size: artifact.size,
          sha256: artifact.sha256,
          createdAt: now,
        },
        whileRunning(job),
      ),
    );
  }
  // No usage row: nothing was rendered.
  await completeStage(env, job, "rendering", copies);
  return true;
}
