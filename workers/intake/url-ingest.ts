/**
 * A recording given by URL is fetched in two steps. At submit, its first answer is checked — the
 * URL policy on every redirect hop, the status, the declared size against the plan's cap, and the
 * first bytes for an audio format — so a URL that will not do is refused at once and nothing is
 * created; then the connection is dropped and the job queued. The whole recording is fetched by
 * the transcription stage (`ingestRecording`), so neither a request nor the workspace's hub waits
 * for a download, and a source that fails for a while is retried within the stage's budget.
 */
import { artifactStatement, findArtifact } from "../jobs/artifacts";
import type { JobRecord } from "../jobs/jobs";
import { whileRunning } from "../jobs/stages";
import { recordInputStatement } from "../jobs/transitions";
import { AppError, payloadTooLarge } from "../lib/errors";
import { isoNow } from "../lib/time";
import { outboundPolicy } from "../net/outbound-policy";
import { safeFetch } from "../net/safe-fetch";
import { uploadLimitBytes } from "../quotas/upload-limit";
import { TransientRunnerError } from "../runners/runner-client";
import { type AudioFormat, SNIFF_BYTES, sniffAudio } from "../storage/audio-sniff";
import { jobInputKey } from "../storage/keys";
import { emptyUpload, unsupportedAudio } from "../storage/store-stream";
import { maxUploadBytes, storeJobInput } from "./job-input";

const FETCH_TIMEOUT_MS = 60_000;

/** What a URL's first answer tells of its recording. */
export interface UrlRecording {
  format: AudioFormat;
  /** The Content-Length the source declared, when it did. */
  declaredBytes: number | null;
}

async function fetchRecording(env: Env, url: string): Promise<Response & { body: ReadableStream<Uint8Array> }> {
  const response = await safeFetch(url, outboundPolicy(env, { timeoutMs: FETCH_TIMEOUT_MS })).catch((error) => {
    // Unreachable or too slow this time; a URL the policy refuses stays refused.
    if (error instanceof AppError && error.code === "url_fetch_failed")
      throw new TransientRunnerError("source", error.detail ?? error.title);
    throw error;
  });
  if (response.ok && response.body) return response as Response & { body: ReadableStream<Uint8Array> };
  await response.body?.cancel();
  // A source that fails on its side may recover; one that says the file is not there will not.
  if (response.status >= 500)
    throw new TransientRunnerError("source", `the recording's URL answered ${response.status}`);
  throw new AppError(422, "url_fetch_failed", "URL not fetched", `The URL answered ${response.status}.`);
}

async function firstBytes(body: ReadableStream<Uint8Array>, count: number): Promise<Uint8Array> {
  const reader = body.getReader();
  let head = new Uint8Array(0);
  try {
    while (head.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      const merged = new Uint8Array(head.length + value.length);
      merged.set(head);
      merged.set(value, head.length);
      head = merged;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return head;
}

/** Checks a recording URL's first answer (422, 413, 415 as for an upload) and hangs up. */
export async function peekRecordingUrl(env: Env, workspaceId: string, url: string): Promise<UrlRecording> {
  const response = await fetchRecording(env, url).catch((error) => {
    // At submit a failing source is the caller's to retry: answer at once rather than queue a job for it.
    if (error instanceof TransientRunnerError)
      throw new AppError(422, "url_fetch_failed", "URL not fetched", error.message);
    throw error;
  });
  const limit = await uploadLimitBytes(env, workspaceId, maxUploadBytes(env));
  const declared = Number(response.headers.get("Content-Length")) || null;
  if (declared !== null && declared > limit) {
    await response.body.cancel();
    throw payloadTooLarge(limit);
  }
  const head = await firstBytes(response.body, SNIFF_BYTES);
  if (head.length === 0) throw emptyUpload();
  const format = sniffAudio(head);
  if (!format) throw unsupportedAudio();
  return { format, declaredBytes: declared };
}

/**
 * Fetches a URL job's recording into R2 and records it, unless an earlier delivery of the stage
 * already did. The cap and the format are checked again while reading: the source may send more,
 * or something else, than it first said. Writes only while the job still runs.
 */
export async function ingestRecording(env: Env, job: JobRecord): Promise<void> {
  const url = job.checkpoint?.sourceUrl;
  if (typeof url !== "string" || (await findArtifact(env, job.id, "input"))) return;
  const response = await fetchRecording(env, url);
  const stored = await storeJobInput(env, job.workspaceId, job.id, response.body);
  await env.DB.batch([
    artifactStatement(
      env,
      {
        workspaceId: job.workspaceId,
        jobId: job.id,
        name: "input",
        r2Key: jobInputKey(job.workspaceId, job.id),
        contentType: stored.contentType,
        size: stored.size,
        sha256: stored.sha256,
        createdAt: isoNow(),
      },
      whileRunning(job),
    ),
    recordInputStatement(env, job, stored),
  ]);
}
