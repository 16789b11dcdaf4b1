/**
 * Accepting a recording for a transcription or a whole pipeline: a streamed multipart upload
 * (field `file` plus option fields) or a JSON body with an https `url`. Whatever fails after the
 * recording was stored removes it again.
 */
import { z } from "zod";
import { AppError, payloadTooLarge } from "../lib/errors";
import { newId } from "../lib/ids";
import { readMultipart } from "../storage/multipart";
import type { StoredObject } from "../storage/store-stream";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";
import { sniffAudio } from "../storage/audio-sniff";
import { emptyUpload, unsupportedAudio } from "../storage/store-stream";
import {
  RECORDING_JOBS,
  checkRecordingRequest,
  discardJobInput,
  enqueueTranscription,
  maxUploadBytes,
  optionsInvalid,
  storeJobInput,
  transcribeFromUrl,
  type Actor,
  type RecordingJobKind,
} from "./create-transcription";
import { durationFromBytes, estimate } from "./estimate";
import type { JobRecord } from "./jobs";

const MAX_FIELD_BYTES = 4096;

export type RecordingInput = { upload: { body: ReadableStream<Uint8Array> | null; boundary: string; contentLength: number } } | { json: unknown };

async function readField(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > MAX_FIELD_BYTES) throw new AppError(422, "field_too_long", "Validation failed", "A form field is too long.");
  }
  return text + decoder.decode();
}

const missingFile = () => new AppError(422, "missing_file", "Validation failed", "Send the recording in the `file` field.");

/** Streams the `file` part to storage and collects the other fields. */
async function readUpload(env: Env, actor: Actor, jobId: string, upload: Extract<RecordingInput, { upload: unknown }>["upload"]) {
  if (upload.contentLength > maxUploadBytes(env) + 64 * 1024) throw payloadTooLarge(maxUploadBytes(env));
  if (!upload.body) throw missingFile();
  const fields: Record<string, string> = {};
  let stored: StoredObject | undefined;
  for await (const part of readMultipart(upload.body, upload.boundary)) {
    if (part.name === "file" && part.filename !== undefined) {
      if (stored) throw new AppError(422, "too_many_files", "Validation failed", "Send exactly one `file`.");
      stored = await storeJobInput(env, actor, jobId, part.body);
    } else {
      fields[part.name] = await readField(part.body);
    }
  }
  if (!stored) throw missingFile();
  return { stored, fields };
}

/** Creates the job for an uploaded or linked recording and queues its first stage. */
export async function acceptRecording(env: Env, actor: Actor, input: RecordingInput, kind: RecordingJobKind): Promise<JobRecord> {
  const schema = RECORDING_JOBS[kind].options;
  if ("json" in input) {
    const { dryRun: _dryRun, ...json } = (input.json ?? {}) as Record<string, unknown>;
    const body = schema.extend({ url: z.string().url().max(2048) }).safeParse(json);
    if (!body.success) throw optionsInvalid(body.error);
    const { url, ...options } = body.data;
    return transcribeFromUrl(env, actor, url, options, kind);
  }
  const jobId = newId("job");
  try {
    const { stored, fields } = await readUpload(env, actor, jobId, input.upload);
    const { dryRun: _dryRun, ...rest } = fields;
    const options = schema.safeParse(rest);
    if (!options.success) throw optionsInvalid(options.error);
    return await enqueueTranscription(env, actor, jobId, stored, options.data, kind);
  } catch (error) {
    await discardJobInput(env, actor, jobId);
    throw error;
  }
}

/** Validates a recording request exactly as acceptRecording would and estimates it; stores nothing. */
export async function estimateRecording(env: Env, actor: Actor, input: RecordingInput, kind: RecordingJobKind) {
  const schema = RECORDING_JOBS[kind].options;
  if ("json" in input) {
    const { dryRun: _dryRun, ...json } = (input.json ?? {}) as Record<string, unknown>;
    const body = schema.extend({ url: z.string().url().max(2048) }).safeParse(json);
    if (!body.success) throw optionsInvalid(body.error);
    const { url, ...options } = body.data;
    await checkRecordingRequest(env, actor, options);
    await checkUrl(new URL(url), outboundPolicy(env));
    return estimate({ kind, audioSeconds: null, resolution: "resolution" in options ? String(options.resolution) : undefined });
  }
  const { upload } = input;
  if (upload.contentLength > maxUploadBytes(env) + 64 * 1024) throw payloadTooLarge(maxUploadBytes(env));
  if (!upload.body) throw missingFile();
  const fields: Record<string, string> = {};
  let file: { format: string; head: Uint8Array; size: number } | undefined;
  for await (const part of readMultipart(upload.body, upload.boundary)) {
    if (part.name !== "file" || part.filename === undefined) {
      fields[part.name] = await readField(part.body);
      continue;
    }
    let head = new Uint8Array(0);
    let size = 0;
    for await (const chunk of part.body) {
      size += chunk.byteLength;
      if (size > maxUploadBytes(env)) throw payloadTooLarge(maxUploadBytes(env));
      if (head.length < 64) head = Uint8Array.from([...head, ...chunk.subarray(0, 64 - head.length)]);
    }
    if (size === 0) throw emptyUpload();
    const format = sniffAudio(head);
    if (!format) throw unsupportedAudio();
    file = { format, head, size };
  }
  if (!file) throw missingFile();
  const { dryRun: _dryRun, ...rest } = fields;
  const options = schema.safeParse(rest);
  if (!options.success) throw optionsInvalid(options.error);
  await checkRecordingRequest(env, actor, options.data);
  const duration = durationFromBytes(file.format, file.head, file.size);
  return estimate({ kind, audioSeconds: Math.round(duration.seconds * 10) / 10, audioSecondsIsEstimate: !duration.exact, resolution: "resolution" in options.data ? String(options.data.resolution) : undefined });
}

/** True when the request asks for a dry run: `?dryRun=true`, or `"dryRun": true` in a JSON body. */
export function wantsDryRun(query: string | undefined, input: RecordingInput): boolean {
  return query === "true" || ("json" in input && typeof input.json === "object" && input.json !== null && (input.json as { dryRun?: unknown }).dryRun === true);
}
