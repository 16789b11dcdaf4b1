/** Pieces every route declaration shares: the problem document and common responses. */
import { z } from "@hono/zod-openapi";

export const Problem = z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().openapi({ example: "validation_failed" }),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "Missing or invalid credentials",
  403: "The caller lacks the permission",
  404: "Not found (also for another workspace's ids)",
  409: "Conflict with the current state",
  413: "Body too large",
  415: "Unsupported content type",
  422: "Validation failed",
  429: "Rate limited",
};

/** OpenAPI responses for the given error statuses, each an RFC 9457 problem document. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: DESCRIPTIONS[status] ?? "Error", content: { "application/problem+json": { schema: Problem } } },
    ]),
  );
}

/** A JSON request body with the given schema. */
export function jsonRequest<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}

/** A JSON response with the given schema. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** Security requirements: who may call a route. */
export const BEARER_OR_API_KEY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }];
export const BEARER_ONLY: Record<string, string[]>[] = [{ bearerAuth: [] }];
