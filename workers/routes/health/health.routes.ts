import { createRoute, z } from "@hono/zod-openapi";
import { jsonResponse } from "../../lib/openapi";
import { PUBLIC_ROUTE } from "../../lib/route-permission";

const tags = ["Health"];

export const healthz = createRoute({
  method: "get",
  path: "/healthz",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Liveness: the Worker answers",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "Alive") },
});

const Check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const Readiness = z
  .object({ status: z.enum(["ready", "unavailable"]), checks: z.object({ d1: Check, r2: Check, queue: Check }) })
  .openapi("Readiness");

export const readyz = createRoute({
  method: "get",
  path: "/readyz",
  ...PUBLIC_ROUTE,
  tags,
  summary: "Readiness: D1, R2 and the job queue are reachable",
  responses: { 200: jsonResponse(Readiness, "Ready"), 503: jsonResponse(Readiness, "A dependency is unreachable") },
});
