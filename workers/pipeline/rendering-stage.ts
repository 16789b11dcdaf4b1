/**
 * The rendering stage: the video's scenes and camera (videos/scenes.ts), sent with the
 * soundtrack to a runner's /render; the finished files are then copied from the runner to R2
 * and recorded with the end of the stage.
 */
import { RenderLine, type RenderManifest, type RenderOutput } from "../../containers/media-runner/src/protocol";
import { artifactStatement } from "../jobs/artifacts";
import type { JobRecord } from "../jobs/jobs";
import { AfterCommitError, completeStage, whileRunning } from "../jobs/stages";
import { isoNow } from "../lib/time";
import { multipartBody, type OutgoingPart } from "../runners/multipart-body";
import { onFirstRunner, type RunnerEndpoint, runnerLines, TransientRunnerError } from "../runners/runner-client";
import { jobPrefix } from "../storage/keys";
import { jobUsage, usageStatement } from "../usage/ledger";
import { loadRenderSources } from "../videos/render-sources";
import { videoScenes } from "../videos/scenes";
import { renderKeyOf, reuseIdenticalRender } from "./render-reuse";
import { mergeCheckpoint } from "./retry-budget";
import { stageProgress } from "./stage-progress";

function manifestOf(
  job: JobRecord,
  sources: Awaited<ReturnType<typeof loadRenderSources>>,
): { manifest: RenderManifest; parts: OutgoingPart[] } {
  const { manifest, parts } = videoScenes(sources.data, sources.transcript, {
    jobId: job.id,
    resolution: (job.options.resolution as RenderManifest["resolution"]) ?? "720p",
    aspectRatio: (job.options.aspectRatio as RenderManifest["aspectRatio"]) ?? "16:9",
    fps: job.options.fps === 60 ? 60 : 30,
    theme: job.options.theme === "dark" ? "dark" : "light",
    direction: job.options.direction === "LR" || job.options.direction === "TB" ? job.options.direction : undefined,
    transition: job.options.transition === "cut" ? "cut" : "crossfade",
    captions: (job.options.captions as RenderManifest["captions"]) ?? "off",
  });
  return { manifest, parts };
}

/** Renders on the first runner that takes the job; throws Transient/PermanentRunnerError. */
export async function runRendering(env: Env, job: JobRecord, runners: RunnerEndpoint[]): Promise<void> {
  const sources = await loadRenderSources(env, job);
  const { manifest, parts } = manifestOf(job, sources);
  const renderKey = await renderKeyOf(env, manifest, parts, sources.audioKey);
  if (await reuseIdenticalRender(env, job, renderKey)) return;
  // Kept on the job, so a later identical request can reuse this render.
  await mergeCheckpoint(env, job, { renderKey });
  const report = stageProgress(env, job, "rendering");
  await onFirstRunner(runners, async (runner) => {
    const audio = sources.audioKey ? await env.MEDIA.get(sources.audioKey) : null;
    const { body, contentType } = multipartBody([
      { name: "manifest", contentType: "application/json", body: JSON.stringify(manifest) },
      ...parts,
      ...(audio
        ? [{ name: "audio", filename: "audio", contentType: "application/octet-stream", body: audio.body }]
        : []),
    ]);
    for await (const line of runnerLines(
      runner,
      "/render",
      { method: "POST", headers: { "Content-Type": contentType }, body },
      RenderLine,
    )) {
      if (line.type === "progress") await report(line);
      else return storeOutputs(env, job, runner, line.outputs, manifest);
    }
    throw new TransientRunnerError(runner.name, "the runner ended the stream without a result");
  });
}

async function storeOutputs(
  env: Env,
  job: JobRecord,
  runner: RunnerEndpoint,
  outputs: RenderOutput[],
  manifest: RenderManifest,
): Promise<void> {
  const keys: string[] = [];
  try {
    for (const output of outputs) {
      const response = await runner.fetch(`/outputs/${job.id}/${output.name}`).catch((error: unknown) => {
        throw new TransientRunnerError(runner.name, `output ${output.name} unreachable: ${String(error)}`);
      });
      if (!response.ok || !response.body)
        throw new TransientRunnerError(runner.name, `output ${output.name} not available (${response.status})`);
      const key = `${jobPrefix(job.workspaceId, job.id)}${output.name}`;
      // With a Content-Length the body streams straight into R2; otherwise it is read first.
      await env.MEDIA.put(key, response.headers.get("Content-Length") ? response.body : await response.arrayBuffer(), {
        httpMetadata: { contentType: output.contentType },
      });
      keys.push(key);
    }
    await runner.fetch(`/outputs/${job.id}`, { method: "DELETE" }).catch(() => undefined);
    const now = isoNow();
    await completeStage(env, job, "rendering", [
      ...outputs.map((output, i) =>
        artifactStatement(
          env,
          {
            workspaceId: job.workspaceId,
            jobId: job.id,
            name: output.name,
            r2Key: keys[i]!,
            contentType: output.contentType,
            size: output.size,
            sha256: output.sha256,
            createdAt: now,
          },
          whileRunning(job),
        ),
      ),
      usageStatement(
        env,
        jobUsage(job, "render_seconds", `render_seconds_${manifest.resolution}`, manifest.durationSeconds, now),
        whileRunning(job),
      ),
    ]);
  } catch (error) {
    // Nothing half-stored: a retry renders again and writes all outputs anew. Once committed, the outputs stand.
    if (keys.length > 0 && !(error instanceof AfterCommitError)) await env.MEDIA.delete(keys);
    throw error;
  }
}
