import type { Context } from "hono";
import { z } from "zod";
import { AppError, payloadTooLarge, validationFailed } from "../../lib/errors";
import type { AppEnv } from "../../lib/context";
import { newId } from "../../lib/ids";
import type { AppRouteHandler } from "../../lib/router";
import { TranscriptionOptions, discardJobInput, enqueueTranscription, maxUploadBytes, storeJobInput, type Actor } from "../../jobs/create-transcription";
import { toJobResource } from "../../jobs/job-resource";
import { dohResolver, safeFetch } from "../../net/safe-fetch";
import { multipartBoundary, readMultipart } from "../../storage/multipart";
import type { StoredObject } from "../../storage/store-stream";
import { UrlBody, type transcribe as TranscribeRoute } from "./transcribe.routes";

const MAX_FIELD_BYTES = 4096;

function toValidationError(error: z.ZodError): AppError {
  return validationFailed(error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })));
}

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

/** Fetches an https URL (SSRF-checked at every hop) and streams it to storage. */
async function fromUrl(c: Context<AppEnv>, actor: Actor, jobId: string, url: string): Promise<StoredObject> {
  const response = await safeFetch(url, { fetch: (input, init) => fetch(input, init), resolve: dohResolver((i, init) => fetch(i, init)), timeoutMs: 60_000 });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new AppError(422, "url_fetch_failed", "URL not fetched", `The URL answered ${response.status}.`);
  }
  const declared = Number(response.headers.get("Content-Length"));
  if (declared > maxUploadBytes(c.env)) {
    await response.body.cancel();
    throw payloadTooLarge(maxUploadBytes(c.env));
  }
  return storeJobInput(c.env, actor, jobId, response.body);
}

export const transcribe: AppRouteHandler<typeof TranscribeRoute> = async (c) => {
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  const jobId = newId("job");
  const boundary = multipartBoundary(c.req.header("Content-Type"));
  try {
    let stored: StoredObject;
    let rawOptions: Record<string, unknown>;
    if (boundary) {
      const upload = await fromUpload(c, actor, jobId, boundary);
      stored = upload.stored;
      rawOptions = upload.fields;
    } else {
      // Parsed here rather than by the route validator, which does not type a two-content-type body.
      const body = UrlBody.safeParse(await c.req.json());
      if (!body.success) throw toValidationError(body.error);
      const { url, ...rest } = body.data;
      rawOptions = rest;
      // Validate the options before fetching anything.
      const early = TranscriptionOptions.safeParse(rest);
      if (!early.success) throw toValidationError(early.error);
      stored = await fromUrl(c, actor, jobId, url);
    }
    const options = TranscriptionOptions.safeParse(rawOptions);
    if (!options.success) throw toValidationError(options.error);
    const job = await enqueueTranscription(c.env, actor, jobId, stored, options.data);
    return c.json(toJobResource(job), 202, { Location: `/api/v1/jobs/${job.id}` });
  } catch (error) {
    await discardJobInput(c.env, actor, jobId);
    throw error;
  }
};
