/**
 * The transcription stage, run by the queue consumer: streams the stored recording to a runner,
 * checkpoints every finished chunk to R2, and on success writes the transcript, its artifact and
 * the usage record in one D1 batch whose keys make a second delivery a no-op.
 */
import type { Segment, TranscribeLine } from "../../containers/media-runner/src/protocol";
import { applyGlossary, type GlossaryEntry, glossaryPrompt } from "../glossary/correction";
import { listGlossary } from "../glossary/glossary";
import { ingestRecording } from "../intake/url-ingest";
import { artifactStatement } from "../jobs/artifacts";
import type { JobRecord } from "../jobs/jobs";
import { resultId } from "../jobs/result-ids";
import { AfterCommitError, completeStage, WHILE_RUNNING, whileRunning } from "../jobs/stages";
import { isoNow } from "../lib/time";
import {
  onFirstRunner,
  PermanentRunnerError,
  type RunnerEndpoint,
  TransientRunnerError,
  transcribeOn,
} from "../runners/runner-client";
import { jobInputKey, transcriptChunkKey, transcriptKey } from "../storage/keys";
import { restoreSentences } from "../transcripts/restore-sentences";
import type { TranscriptDocument } from "../transcripts/transcripts";
import { jobUsage, usageStatement } from "../usage/ledger";
import { mergeCheckpoint } from "./retry-budget";
import { stageProgress } from "./stage-progress";

interface ChunkCheckpoint {
  index: number;
  segments: Segment[];
}

/** Runs transcription for a claimed job; throws Transient/PermanentRunnerError on failure. */
export async function runTranscription(env: Env, job: JobRecord, runners: RunnerEndpoint[]): Promise<void> {
  const chunksDone = Number(job.checkpoint?.chunksDone ?? 0);
  const language = String(job.options.language ?? "en");
  const glossary = await glossaryOf(env, job);
  const options = {
    language,
    engine: job.options.engine as "pocketsphinx" | "whisper" | undefined,
    prompt: glossaryPrompt(glossary, language),
    startChunk: chunksDone,
  };
  // A URL job's recording is fetched here, before any runner is asked (once: a retry finds it stored).
  await ingestRecording(env, job);
  await onFirstRunner(runners, async (runner) => {
    const input = await env.MEDIA.get(jobInputKey(job.workspaceId, job.id));
    if (!input) throw new PermanentRunnerError("input_missing", "The uploaded recording is no longer stored.");
    await consumeRunnerStream(env, job, glossary, transcribeOn(runner, job.id, input.body, options));
  });
}

/** The workspace glossary as it stands when the stage runs (a retry reads it again). */
async function glossaryOf(env: Env, job: JobRecord): Promise<GlossaryEntry[]> {
  return (await listGlossary(env, job.workspaceId)).map(({ term, spokenForms }) => ({ term, spokenForms }));
}

async function consumeRunnerStream(
  env: Env,
  job: JobRecord,
  glossary: GlossaryEntry[],
  lines: AsyncIterable<TranscribeLine>,
): Promise<void> {
  const report = stageProgress(env, job, "transcription");
  for await (const line of lines) {
    switch (line.type) {
      case "probe":
        break;
      case "progress":
        await report(line);
        break;
      case "chunk": {
        const checkpoint: ChunkCheckpoint = { index: line.index, segments: line.segments };
        await env.MEDIA.put(transcriptChunkKey(job.workspaceId, job.id, line.index), JSON.stringify(checkpoint));
        // Merged, so the stage's retry record (retry-budget.ts) stays beside it.
        await mergeCheckpoint(env, job, { chunksDone: line.index + 1 });
        break;
      }
      case "result":
        await finishTranscription(env, job, glossary, line);
        return;
    }
  }
  throw new TransientRunnerError("stream", "the runner ended the stream without a result");
}

async function readChunks(env: Env, job: JobRecord, chunkCount: number): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (let index = 0; index < chunkCount; index++) {
    const object = await env.MEDIA.get(transcriptChunkKey(job.workspaceId, job.id, index));
    if (!object) {
      // The retry starts the runner at this chunk, so it is transcribed again instead of missed forever.
      await mergeCheckpoint(env, job, { chunksDone: index });
      throw new TransientRunnerError("checkpoint", `chunk ${index} is missing; transcribing again from there`);
    }
    segments.push(...(await object.json<ChunkCheckpoint>()).segments);
  }
  return segments;
}

async function finishTranscription(
  env: Env,
  job: JobRecord,
  glossary: GlossaryEntry[],
  result: Extract<TranscribeLine, { type: "result" }>,
): Promise<void> {
  // The runner's segments become sentences (restored when the engine gives no punctuation), then
  // take the glossary's spelling of every term heard.
  const restored = restoreSentences(await readChunks(env, job, result.chunkCount), result.language);
  const { punctuation } = restored;
  const { segments, corrections } = applyGlossary(restored.segments, glossary, result.language);
  // The transcript id is derived from the job id, so a redelivery rewrites the same object and row.
  const transcriptId = resultId("trn", job.id);
  const text = segments
    .map((s) => s.text)
    .join(" ")
    .trim();
  const document: TranscriptDocument = {
    id: transcriptId,
    jobId: job.id,
    language: result.language,
    engine: result.engine,
    engineVersion: result.engineVersion,
    durationSeconds: result.durationSeconds,
    text,
    punctuation,
    ...(glossary.length > 0 ? { glossary: corrections } : {}),
    segments,
  };
  const body = new TextEncoder().encode(JSON.stringify(document));
  const key = transcriptKey(job.workspaceId, job.id);
  const stored = await env.MEDIA.put(key, body, {
    httpMetadata: { contentType: "application/json" },
    sha256: await crypto.subtle.digest("SHA-256", body),
  });
  const sha256 = [...new Uint8Array(stored.checksums.sha256!)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const now = isoNow();
  const wordCount = segments.reduce((n, s) => n + s.words.length, 0);
  // Each write applies only while the job is still running, so a job canceled meanwhile gets
  // neither a transcript row nor a usage record.
  try {
    await completeStage(env, job, "transcription", [
      env.DB.prepare(
        `INSERT OR IGNORE INTO transcripts (id, workspace_id, job_id, project_id, language, engine, engine_version, duration_seconds, segment_count, word_count, preview, r2_key, created_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? ${WHILE_RUNNING}`,
      ).bind(
        transcriptId,
        job.workspaceId,
        job.id,
        job.projectId,
        result.language,
        result.engine,
        result.engineVersion,
        result.durationSeconds,
        segments.length,
        wordCount,
        text.slice(0, 280),
        key,
        now,
        job.id,
        job.workspaceId,
      ),
      artifactStatement(
        env,
        {
          workspaceId: job.workspaceId,
          jobId: job.id,
          name: "transcript.json",
          r2Key: key,
          contentType: "application/json",
          size: body.byteLength,
          sha256,
          createdAt: now,
        },
        whileRunning(job),
      ),
      usageStatement(
        env,
        jobUsage(job, "audio_seconds", "audio_seconds", result.durationSeconds, now),
        whileRunning(job),
      ),
    ]);
  } catch (error) {
    // Committed, then something after it failed: the transcript stands and its chunks are done
    // with. So too when another delivery of this stage committed the transcript (under the same
    // key) first: this one's batch did not apply, but the object is that delivery's.
    if (error instanceof AfterCommitError || (await transcriptCommitted(env, job, transcriptId)))
      await discardCheckpoints(env, job);
    // Not committed (canceled, or the batch failed): keep nothing of the result, but keep the
    // chunks for the retry (a cancel discards them in the consumer).
    else await env.MEDIA.delete(key);
    throw error;
  }
  await discardCheckpoints(env, job);
}

async function transcriptCommitted(env: Env, job: JobRecord, transcriptId: string): Promise<boolean> {
  return (
    (await env.DB.prepare("SELECT 1 FROM transcripts WHERE id = ? AND workspace_id = ?")
      .bind(transcriptId, job.workspaceId)
      .first()) !== null
  );
}

/** Removes a job's transcription checkpoints (after success, or when the job is canceled). */
export async function discardCheckpoints(env: Env, job: Pick<JobRecord, "id" | "workspaceId">): Promise<void> {
  const prefix = transcriptChunkKey(job.workspaceId, job.id, 0).replace(/\d+\.json$/, "");
  const listed = await env.MEDIA.list({ prefix });
  if (listed.objects.length > 0) await env.MEDIA.delete(listed.objects.map((o) => o.key));
}
