import type { Context } from "hono";
import { AppError, payloadTooLarge } from "../../lib/errors";
import type { AppEnv } from "../../lib/context";
import { newId } from "../../lib/ids";
import type { AppRouteHandler } from "../../lib/router";
import {
  TranscriptionOptions,
  discardJobInput,
  enqueueTranscription,
  maxUploadBytes,
  optionsInvalid,
  storeJobInput,
  transcribeFromUrl,
  type Actor,
} from "../../jobs/create-transcription";
import { toJobResource } from "../../jobs/job-resource";
import { multipartBoundary, readMultipart } from "../../storage/multipart";
import type { StoredObject } from "../../storage/store-stream";
import { UrlBody, type transcribe as TranscribeRoute } from "./transcribe.routes";

const MAX_FIELD_BYTES = 4096;

async function readField(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > MAX_FIELD_BYTES) throw new AppError(422, "field_too_long", "Validation failed", "A form field is too long.");
  }
  return text + decoder.decode();
}

/** Streams the `file` part to storage and collects the other fields. */
async function fromUpload(c: Context<AppEnv>, actor: Actor, jobId: string, boundary: string): Promise<{ stored: StoredObject; fields: Record<string, string> }> {
  const declared = Number(c.req.header("Content-Length"));
  if (declared > maxUploadBytes(c.env) + 64 * 1024) throw payloadTooLarge(maxUploadBytes(c.env));
  if (!c.req.raw.body) throw new AppError(422, "missing_file", "Validation failed", "Send the recording in the `file` field.");
  const fields: Record<string, string> = {};
  let stored: StoredObject | undefined;
  for await (const part of readMultipart(c.req.raw.body, boundary)) {
    if (part.name === "file" && part.filename !== undefined) {
      if (stored) throw new AppError(422, "too_many_files", "Validation failed", "Send exactly one `file`.");
      stored = await storeJobInput(c.env, actor, jobId, part.body);
    } else {
      fields[part.name] = await readField(part.body);
    }
  }
  if (!stored) throw new AppError(422, "missing_file", "Validation failed", "Send the recording in the `file` field.");
  return { stored, fields };
}

export const transcribe: AppRouteHandler<typeof TranscribeRoute> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const boundary = multipartBoundary(c.req.header("Content-Type"));
  if (!boundary) {
    // Parsed here rather than by the route validator, which does not type a two-content-type body.
    const body = UrlBody.safeParse(await c.req.json());
    if (!body.success) throw optionsInvalid(body.error);
    const { url, ...options } = body.data;
    const job = await transcribeFromUrl(c.env, actor, url, options);
    return c.json(toJobResource(job), 202, { Location: `/api/v1/jobs/${job.id}` });
  }
  const jobId = newId("job");
  try {
    const upload = await fromUpload(c, actor, jobId, boundary);
    const options = TranscriptionOptions.safeParse(upload.fields);
    if (!options.success) throw optionsInvalid(options.error);
    const job = await enqueueTranscription(c.env, actor, jobId, upload.stored, options.data);
    return c.json(toJobResource(job), 202, { Location: `/api/v1/jobs/${job.id}` });
  } catch (error) {
    await discardJobInput(c.env, actor, jobId);
    throw error;
  }
};
