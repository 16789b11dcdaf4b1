import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/context";
import { malformedJson, payloadTooLarge, unsupportedMediaType } from "../lib/errors";

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Guards a JSON body before validation: 415 for another content type, 413 past the cap (checked
 * while reading, so a lying Content-Length does not help), 400 for text that is not JSON.
 * The text read here is cached on the request, so the zod validator reuses it.
 */
export function jsonBody(maxBytes = MAX_JSON_BYTES, accepted = "application/json"): MiddlewareHandler<AppEnv> {
  return async function jsonBody(c, next) {
    if (!JSON_TYPE.test(c.req.header("Content-Type") ?? "")) throw unsupportedMediaType(accepted);
    const declared = Number(c.req.header("Content-Length"));
    if (declared > maxBytes) throw payloadTooLarge(maxBytes);
    const text = await readCapped(c.req.raw, maxBytes);
    try {
      JSON.parse(text);
    } catch {
      throw malformedJson();
    }
    // Hono's validator parses c.req.json(), which reads this cached text instead of the stream.
    Object.assign(c.req.bodyCache, { text: Promise.resolve(text) });
    await next();
  };
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** For routes that take either an upload (streamed by the handler) or a JSON body. */
export function jsonOrMultipart(maxJsonBytes = MAX_JSON_BYTES): MiddlewareHandler<AppEnv> {
  const json = jsonBody(maxJsonBytes, "multipart/form-data (a file upload) or application/json");
  return async function jsonOrMultipart(c, next) {
    if (/^multipart\/form-data\s*;/i.test(c.req.header("Content-Type") ?? "")) return next();
    return json(c, next);
  };
}
