/**
 * Every error the API answers is an RFC 9457 problem document with a stable `code`.
 * Handlers throw AppError; app.ts turns it (and anything else) into the response.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const PROBLEM_BASE = "https://zukai.dev/problems/";

export interface ProblemExtras {
  /** Field-level validation failures. */
  errors?: { path: string; message: string }[];
  [key: string]: unknown;
}

/** An error that is safe to show to the caller as a problem document. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extras: ProblemExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = "AppError";
  }
}

export const badRequest = (code: string, detail: string) => new AppError(400, code, "Bad request", detail);
export const malformedJson = () =>
  new AppError(400, "malformed_json", "Malformed JSON", "The request body is not valid JSON.");
export const unauthorized = (code = "unauthorized", detail = "Valid credentials are required.") =>
  new AppError(401, code, "Unauthorized", detail, {}, { "WWW-Authenticate": 'Bearer realm="zukai"' });
export const forbidden = (permission: string) =>
  new AppError(403, "forbidden", "Forbidden", `This action needs the '${permission}' permission.`, { permission });
export const notFound = (what = "resource") => new AppError(404, "not_found", "Not found", `No such ${what}.`);
export const conflict = (code: string, detail: string) => new AppError(409, code, "Conflict", detail);
export const payloadTooLarge = (limitBytes: number) =>
  new AppError(413, "payload_too_large", "Payload too large", `The request body exceeds ${limitBytes} bytes.`, {
    limitBytes,
  });
export const unsupportedMediaType = (expected: string) =>
  new AppError(415, "unsupported_media_type", "Unsupported media type", `Send the body as ${expected}.`);
export const validationFailed = (errors: { path: string; message: string }[]) =>
  new AppError(422, "validation_failed", "Validation failed", "The request does not match the schema.", { errors });

/** The JSON body of a problem response. */
export function problemBody(error: AppError, instance: string, requestId: string) {
  return {
    type: PROBLEM_BASE + error.code,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    instance,
    requestId,
    ...error.extras,
  };
}
