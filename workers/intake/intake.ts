/**
 * Accepting a recording for a transcription or a whole pipeline: a streamed multipart upload
 * (field `file` plus option fields) or a JSON body with an https `url`. Whatever fails after the
 * recording was stored removes it again.
 */
import { z } from "zod";
import type { AuditOf } from "../events/outbox";
import { durationFromBytes, estimate } from "../jobs/estimate";
import type { JobRecord } from "../jobs/jobs";
import { AppError, payloadTooLarge } from "../lib/errors";
import { newId } from "../lib/ids";
import type { IdempotencyClaim } from "../middleware/idempotency-store";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";
import { sniffAudio } from "../storage/audio-sniff";
import { multipartBoundary, readMultipart } from "../storage/multipart";
import { emptyUpload, unsupportedAudio } from "../storage/store-stream";
import {
  type Actor,
  admitRecordingJob,
  checkRecordingRequest,
  enqueueTranscription,
  giveBackUnwrittenJob,
  optionsInvalid,
  type PipelineOptions,
  RECORDING_JOBS,
  type RecordingJobKind,
  transcribeFromUrl,
} from "./create-transcription";
import { maxUploadBytes, storeJobInput } from "./job-input";

const MAX_FIELD_BYTES = 4096;
/** The option fields of one upload together, and how many there may be: a Worker has 128 MB. */
export const MAX_FORM_FIELDS = 32;
export const MAX_FORM_FIELD_BYTES = 64 * 1024;

export type RecordingInput =
  | { upload: { body: ReadableStream<Uint8Array> | null; boundary: string; contentLength: number } }
  | { json: unknown };

const fieldsTooLarge = () =>
  new AppError(
    413,
    "form_fields_too_large",
    "Payload too large",
    `The form's fields other than \`file\` may hold ${MAX_FORM_FIELD_BYTES} bytes in all.`,
    { limitBytes: MAX_FORM_FIELD_BYTES },
  );
const tooManyFields = () =>
  new AppError(413, "too_many_form_fields", "Payload too large", `Send at most ${MAX_FORM_FIELDS} form fields.`, {
    limit: MAX_FORM_FIELDS,
  });

/** Reads one option field, stopping as soon as it or the form's fields together pass their caps. */
async function readField(body: AsyncIterable<Uint8Array>, budget: { bytes: number }): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    budget.bytes -= chunk.byteLength;
    if (budget.bytes < 0) throw fieldsTooLarge();
    text += decoder.decode(chunk, { stream: true });
    if (text.length > MAX_FIELD_BYTES)
      throw new AppError(422, "field_too_long", "Validation failed", "A form field is too long.");
  }
  return text + decoder.decode();
}

const missingFile = () =>
  new AppError(422, "missing_file", "Validation failed", "Send the recording in the `file` field.");

type Upload = Extract<RecordingInput, { upload: unknown }>["upload"];

/**
 * Walks an upload: `beforeFile` checks the option fields sent before the file (so a request that
 * will be refused stores nothing), `onFile` consumes the one `file` part (storing or only
 * measuring it), every other part is an option field, within a count and a byte budget. Used by
 * the real request and its dry run alike.
 */
async function readUpload<T>(
  env: Env,
  upload: Upload,
  onFile: (body: AsyncIterable<Uint8Array>) => Promise<T>,
  beforeFile: (fields: Record<string, string>) => Promise<void> = async () => {},
): Promise<{ file: T; fields: Record<string, string> }> {
  if (upload.contentLength > maxUploadBytes(env) + MAX_FORM_FIELD_BYTES) throw payloadTooLarge(maxUploadBytes(env));
  if (!upload.body) throw missingFile();
  const fields: Record<string, string> = {};
  const budget = { bytes: MAX_FORM_FIELD_BYTES, parts: MAX_FORM_FIELDS };
  let file: { value: T } | undefined;
  for await (const part of readMultipart(upload.body, upload.boundary)) {
    if (part.name === "file" && part.filename !== undefined) {
      if (file) throw new AppError(422, "too_many_files", "Validation failed", "Send exactly one `file`.");
      await beforeFile(fields);
      file = { value: await onFile(part.body) };
    } else {
      if (--budget.parts < 0) throw tooManyFields();
      fields[part.name] = await readField(part.body, budget);
    }
  }
  if (!file) throw missingFile();
  return { file: file.value, fields };
}

/** The options of a recording job, parsed from JSON or form fields (`dryRun` is not an option). */
function parseOptions<K extends RecordingJobKind>(kind: K, raw: unknown) {
  const { dryRun: _dryRun, ...fields } = (raw ?? {}) as Record<string, unknown>;
  const options = RECORDING_JOBS[kind].options.safeParse(fields);
  if (!options.success) throw optionsInvalid(options.error);
  return options.data;
}

/** A JSON recording request: the https URL and the options. */
function parseUrlRequest(kind: RecordingJobKind, json: unknown): { url: string; options: unknown } {
  const url = z.object({ url: z.string().url().max(2048) }).safeParse(json);
  if (!url.success) throw optionsInvalid(url.error);
  const { url: _url, ...rest } = json as Record<string, unknown>;
  return { url: url.data.url, options: parseOptions(kind, rest) };
}

/**
 * Creates the job for an uploaded or linked recording and queues its first stage; the request's
 * Idempotency-Key and the caller's audit entry, if any, are written with the job, and the job
 * takes the id the key was claimed with (so the retry of a request that died stores its
 * recording over the same object rather than beside it).
 */
export async function acceptRecording(
  env: Env,
  actor: Actor,
  input: RecordingInput,
  kind: RecordingJobKind,
  claim?: IdempotencyClaim,
  audit?: AuditOf<JobRecord>,
): Promise<JobRecord> {
  if ("json" in input) {
    const { url, options } = parseUrlRequest(kind, input.json);
    return transcribeFromUrl(env, actor, url, options, kind, claim, audit);
  }
  const jobId = claim?.jobId ?? newId("job");
  let admitted: JobRecord | undefined;
  try {
    // Options sent before the file are checked before a byte of it is stored.
    const checkEarlyFields = async (fields: Record<string, string>) =>
      checkRecordingRequest(env, actor, parseOptions(kind, fields));
    const { file: stored, fields } = await readUpload(
      env,
      input.upload,
      (body) => storeJobInput(env, actor.workspaceId, jobId, body),
      checkEarlyFields,
    );
    admitted = await admitRecordingJob(env, actor, jobId, parseOptions(kind, fields), kind, stored);
    return await enqueueTranscription(env, actor, admitted, { stored }, claim?.key, audit);
  } catch (error) {
    await giveBackUnwrittenJob(env, actor, jobId, admitted !== undefined);
    throw error;
  }
}

/** Reads an uploaded file only to learn its format and length. */
async function measureFile(
  env: Env,
  body: AsyncIterable<Uint8Array>,
): Promise<{ format: string; head: Uint8Array; size: number }> {
  let head = new Uint8Array(0);
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxUploadBytes(env)) throw payloadTooLarge(maxUploadBytes(env));
    if (head.length < 64) head = Uint8Array.from([...head, ...chunk.subarray(0, 64 - head.length)]);
  }
  if (size === 0) throw emptyUpload();
  const format = sniffAudio(head);
  if (!format) throw unsupportedAudio();
  return { format, head, size };
}

/** Validates a recording request exactly as acceptRecording would and estimates it; stores nothing. */
export async function estimateRecording(env: Env, actor: Actor, input: RecordingInput, kind: RecordingJobKind) {
  if ("json" in input) {
    const { url, options } = parseUrlRequest(kind, input.json);
    const parsed = options as PipelineOptions;
    await checkRecordingRequest(env, actor, parsed);
    await checkUrl(new URL(url), outboundPolicy(env));
    return estimate({ kind, audioSeconds: null, resolution: parsed.resolution });
  }
  const checkEarlyFields = async (fields: Record<string, string>) =>
    checkRecordingRequest(env, actor, parseOptions(kind, fields));
  const { file, fields } = await readUpload(env, input.upload, (body) => measureFile(env, body), checkEarlyFields);
  const options = parseOptions(kind, fields) as PipelineOptions;
  await checkRecordingRequest(env, actor, options);
  const duration = durationFromBytes(file.format, file.head, file.size);
  return estimate({
    kind,
    audioSeconds: Math.round(duration.seconds * 10) / 10,
    audioSecondsIsEstimate: !duration.exact,
    audioSecondsNote: duration.note,
    resolution: options.resolution,
  });
}

/** True when the request asks for a dry run: `?dryRun=true`, or `"dryRun": true` in a JSON body. */
export function wantsDryRun(query: string | undefined, input: RecordingInput): boolean {
  return (
    query === "true" ||
    ("json" in input &&
      typeof input.json === "object" &&
      input.json !== null &&
      (input.json as { dryRun?: unknown }).dryRun === true)
  );
}

/** The recording part of a request: a streamed multipart upload, or its JSON body. */
export async function recordingInputOf(request: {
  header(name: string): string | undefined;
  raw: Request;
  json(): Promise<unknown>;
}): Promise<RecordingInput> {
  const boundary = multipartBoundary(request.header("Content-Type"));
  if (!boundary) return { json: await request.json() };
  return { upload: { body: request.raw.body, boundary, contentLength: Number(request.header("Content-Length")) || 0 } };
}
