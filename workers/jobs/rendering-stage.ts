/**
 * The rendering stage: one SVG per scene (the diagram revealed up to that scene, the scene
 * highlighted), sent with the soundtrack to a runner's /render; the finished files are then
 * copied from the runner to R2 and recorded with the end of the stage.
 */
import { RenderLine, type RenderManifest, type RenderOutput } from "../../containers/media-runner/src/protocol";
import { layoutDiagram, renderSvg } from "../diagram";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { jobPrefix } from "../storage/keys";
import { recordProgress, saveCheckpoint, type JobRecord } from "./jobs";
import { multipartBody, type OutgoingPart } from "./multipart-body";
import { readNdjson } from "./ndjson";
import { publishEvent } from "./publish";
import { reuseIdenticalRender, renderKeyOf } from "./render-reuse";
import { loadRenderSources } from "./render-sources";
import { PermanentRunnerError, TransientRunnerError, rotate, type RunnerEndpoint } from "./runner-client";
import { WHILE_RUNNING, completeStage, overallProgress } from "./stages";

/** Seconds each scene is shown when there is no soundtrack to follow. */
const SILENT_SCENE_SECONDS = 4;

function manifestOf(job: JobRecord, sources: Awaited<ReturnType<typeof loadRenderSources>>): { manifest: RenderManifest; parts: OutgoingPart[] } {
  const { data, transcript } = sources;
  const theme = job.options.theme === "dark" ? "dark" : "light";
  const laidOut = layoutDiagram(data, { theme, direction: job.options.direction === "LR" ? "LR" : undefined });
  const scenes = data.scenes.length > 0 ? data.scenes : [{ id: "all", start: 0, end: SILENT_SCENE_SECONDS, text: data.title, nodeIds: data.nodes.map((n) => n.id) }];
  const duration = transcript?.durationSeconds ?? scenes.length * SILENT_SCENE_SECONDS;
  const timed = scenes.map((scene, index) => {
    const start = transcript ? Math.min(scene.start, duration) : index * SILENT_SCENE_SECONDS;
    return { id: scene.id, start: index === 0 ? 0 : start, end: transcript ? Math.min(Math.max(scene.end, start), duration) : start + SILENT_SCENE_SECONDS, svgPart: `scene-${index}.svg` };
  });
  const parts: OutgoingPart[] = scenes.map((scene, index) => ({
    name: `scene-${index}.svg`,
    filename: `scene-${index}.svg`,
    contentType: "image/svg+xml",
    body: renderSvg(laidOut, { theme, revealUpToScene: scene.id, highlightScene: scene.id }),
  }));
  const manifest: RenderManifest = {
    jobId: job.id,
    resolution: (job.options.resolution as RenderManifest["resolution"]) ?? "720p",
    fps: job.options.fps === 60 ? 60 : 30,
    transition: job.options.transition === "cut" ? "cut" : "crossfade",
    transitionSeconds: 0.5,
    captions: (job.options.captions as RenderManifest["captions"]) ?? "off",
    durationSeconds: duration,
    scenes: timed,
    cues: transcript ? transcript.segments.filter((s) => s.text.trim()).map((s) => ({ start: s.start, end: s.end, text: s.text })) : [],
  };
  return { manifest, parts };
}

/** Renders on the first runner that takes the job; throws Transient/PermanentRunnerError. */
export async function runRendering(env: Env, job: JobRecord, runners: RunnerEndpoint[]): Promise<void> {
  const sources = await loadRenderSources(env, job);
  const { manifest, parts } = manifestOf(job, sources);
  const renderKey = await renderKeyOf(env, manifest, parts, sources.audioKey);
  if (await reuseIdenticalRender(env, job, renderKey)) return;
  // Kept on the job, so a later identical request can reuse this render.
  await saveCheckpoint(env, job.workspaceId, job.id, { ...job.checkpoint, renderKey });
  let lastError: TransientRunnerError | undefined;
  for (const runner of rotate(runners, job.attempts - 1)) {
    const audio = sources.audioKey ? await env.MEDIA.get(sources.audioKey) : null;
    const { body, contentType } = multipartBody([
      { name: "manifest", contentType: "application/json", body: JSON.stringify(manifest) },
      ...parts,
      ...(audio ? [{ name: "audio", filename: "audio", contentType: "application/octet-stream", body: audio.body }] : []),
    ]);
    try {
      const outputs = await renderOn(env, job, runner, body, contentType);
      await storeOutputs(env, job, runner, outputs, manifest);
      return;
    } catch (error) {
      if (!(error instanceof TransientRunnerError)) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new TransientRunnerError("none", "no media runner is configured");
}

async function renderOn(env: Env, job: JobRecord, runner: RunnerEndpoint, body: ReadableStream<Uint8Array>, contentType: string): Promise<RenderOutput[]> {
  let response: Response;
  try {
    response = await runner.fetch("/render", { method: "POST", headers: { "Content-Type": contentType }, body });
  } catch (error) {
    throw new TransientRunnerError(runner.name, `runner unreachable: ${String(error)}`);
  }
  if (response.status !== 200 || !response.body) {
    const text = await response.text().catch(() => "");
    const retryable = response.status >= 500 || response.status === 409;
    if (retryable) throw new TransientRunnerError(runner.name, `runner answered ${response.status}: ${text.slice(0, 200)}`);
    throw new PermanentRunnerError("render_refused", `The renderer refused the job (${response.status}): ${text.slice(0, 300)}`);
  }
  let lastProgressAt = 0;
  try {
    for await (const value of readNdjson(response.body)) {
      const line = RenderLine.safeParse(value);
      if (!line.success) throw new TransientRunnerError(runner.name, "runner sent a line outside the protocol");
      if (line.data.type === "error") {
        if (line.data.retryable) throw new TransientRunnerError(runner.name, `${line.data.code}: ${line.data.message}`);
        throw new PermanentRunnerError(line.data.code, line.data.message);
      }
      if (line.data.type === "result") return line.data.outputs;
      const progress = line.data;
      await publishEvent(env, job.workspaceId, { type: "job:progress", jobId: job.id, projectId: job.projectId, stage: "rendering", progress: progress.percent, estimatedTimeRemaining: progress.etaSeconds, currentOperation: progress.currentOperation });
      if (Date.now() - lastProgressAt > 1000) {
        lastProgressAt = Date.now();
        await recordProgress(env, job.workspaceId, job.id, { ...progress, percent: overallProgress(job, "rendering", progress.percent) });
      }
    }
  } catch (error) {
    if (error instanceof PermanentRunnerError || error instanceof TransientRunnerError) throw error;
    throw new TransientRunnerError(runner.name, `stream broke: ${String(error)}`);
  }
  throw new TransientRunnerError(runner.name, "the runner ended the stream without a result");
}

async function storeOutputs(env: Env, job: JobRecord, runner: RunnerEndpoint, outputs: RenderOutput[], manifest: RenderManifest): Promise<void> {
  const keys: string[] = [];
  try {
    for (const output of outputs) {
      const response = await runner.fetch(`/outputs/${job.id}/${output.name}`);
      if (!response.ok || !response.body) throw new TransientRunnerError(runner.name, `output ${output.name} not available (${response.status})`);
      const key = `${jobPrefix(job.workspaceId, job.id)}${output.name}`;
      // With a Content-Length the body streams straight into R2; otherwise it is read first.
      await env.MEDIA.put(key, response.headers.get("Content-Length") ? response.body : await response.arrayBuffer(), { httpMetadata: { contentType: output.contentType } });
      keys.push(key);
    }
    await runner.fetch(`/outputs/${job.id}`, { method: "DELETE" }).catch(() => undefined);
    const now = isoNow();
    await completeStage(env, job, "rendering", [
      ...outputs.map((output, i) =>
        env.DB.prepare(`INSERT OR IGNORE INTO artifacts (id, workspace_id, job_id, name, r2_key, content_type, size, sha256, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? ${WHILE_RUNNING}`).bind(
          newId("art"), job.workspaceId, job.id, output.name, keys[i], output.contentType, output.size, output.sha256, now, job.id, job.workspaceId,
        ),
      ),
      env.DB.prepare(`INSERT OR IGNORE INTO usage_events (id, workspace_id, job_id, meter, quantity, occurred_at) SELECT ?, ?, ?, ?, ?, ? ${WHILE_RUNNING}`).bind(
        `use_${job.id}_render_seconds`, job.workspaceId, job.id, `render_seconds_${manifest.resolution}`, manifest.durationSeconds, now, job.id, job.workspaceId,
      ),
    ]);
  } catch (error) {
    // Nothing half-stored: a retry renders again and writes all outputs anew.
    if (keys.length > 0) await env.MEDIA.delete(keys);
    throw error;
  }
}
