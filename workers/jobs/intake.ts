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
import { RECORDING_JOBS, discardJobInput, enqueueTranscription, maxUploadBytes, optionsInvalid, storeJobInput, transcribeFromUrl, type Actor, type RecordingJobKind } from "./create-transcription";
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
    const body = schema.extend({ url: z.string().url().max(2048) }).safeParse(input.json);
    if (!body.success) throw optionsInvalid(body.error);
    const { url, ...options } = body.data;
    return transcribeFromUrl(env, actor, url, options, kind);
  }
  const jobId = newId("job");
  try {
    const { stored, fields } = await readUpload(env, actor, jobId, input.upload);
    const options = schema.safeParse(fields);
    if (!options.success) throw optionsInvalid(options.error);
    return await enqueueTranscription(env, actor, jobId, stored, options.data, kind);
  } catch (error) {
    await discardJobInput(env, actor, jobId);
    throw error;
  }
}
