/** JSON answers shared by the routes. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { RunnerFailure } from "../errors.ts";

/** A RunnerError body with the failure's HTTP status. */
export function failureResponse(c: Context, failure: RunnerFailure): Response {
  return c.json(failure.toWire(), failure.status as ContentfulStatusCode);
}
