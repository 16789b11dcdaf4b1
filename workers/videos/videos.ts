/** Videos are the rendering results of a video or pipeline job: `vid_<job>` names them. */

import { getJob, type JobRecord, listArtifacts } from "../jobs/jobs";
import { jobIdOfResult, resultId } from "../jobs/result-ids";
import { AppError, notFound } from "../lib/errors";
import { parseRange } from "./range";

export const VIDEO_FILES = { mp4: "video.mp4", png: "poster.png", vtt: "captions.vtt" } as const;
export type VideoFormat = keyof typeof VIDEO_FILES;

export const videoIdOf = (jobId: string) => resultId("vid", jobId);

/** The job that renders the video, if this workspace has it; 404 otherwise. */
export async function getVideoJob(env: Env, workspaceId: string, videoId: string): Promise<JobRecord> {
  const job = await getJob(env, workspaceId, jobIdOfResult(videoId)).catch(() => undefined);
  if (!job?.stages.includes("rendering")) throw notFound("video");
  return job;
}

/** The video as the API shows it. */
export async function toVideoResource(env: Env, job: JobRecord) {
  const files = await listArtifacts(env, job.workspaceId, job.id);
  const id = videoIdOf(job.id);
  const video = files.find((f) => f.name === VIDEO_FILES.mp4);
  return {
    id,
    jobId: job.id,
    status: job.status,
    resolution: String(job.options.resolution ?? "720p"),
    aspectRatio: String(job.options.aspectRatio ?? "16:9"),
    fps: Number(job.options.fps ?? 30),
    size: video?.size ?? null,
    sha256: video?.sha256 ?? null,
    links: Object.fromEntries(
      (Object.keys(VIDEO_FILES) as VideoFormat[])
        .filter((f) => files.some((a) => a.name === VIDEO_FILES[f]))
        .map((f) => [f, `/api/v1/videos/${id}.${f}`]),
    ),
  };
}

/** Streams one file of a video, honouring a single Range (206) and answering 416 past the end. */
export async function downloadVideoFile(
  env: Env,
  job: JobRecord,
  format: VideoFormat,
  rangeHeader: string | undefined,
): Promise<Response> {
  const artifact = (await listArtifacts(env, job.workspaceId, job.id)).find((a) => a.name === VIDEO_FILES[format]);
  if (!artifact) throw notFound("video file");
  const range = parseRange(rangeHeader, artifact.size);
  if (range === "unsatisfiable") {
    throw new AppError(
      416,
      "range_not_satisfiable",
      "Range not satisfiable",
      `The file has ${artifact.size} bytes.`,
      {},
      { "Content-Range": `bytes */${artifact.size}` },
    );
  }
  const object = await env.MEDIA.get(artifact.r2Key, range ? { range } : undefined);
  if (!object) throw notFound("video file");
  const headers: Record<string, string> = {
    "Content-Type": artifact.contentType,
    "Accept-Ranges": "bytes",
    ETag: `"${artifact.sha256}"`,
    "Content-Disposition": `inline; filename="${videoIdOf(job.id)}.${format}"`,
  };
  if (!range)
    return new Response(object.body, { status: 200, headers: { ...headers, "Content-Length": String(artifact.size) } });
  return new Response(object.body, {
    status: 206,
    headers: {
      ...headers,
      "Content-Length": String(range.length),
      "Content-Range": `bytes ${range.offset}-${range.offset + range.length - 1}/${artifact.size}`,
    },
  });
}
