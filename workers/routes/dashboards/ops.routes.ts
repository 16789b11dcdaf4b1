import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

export const OpsSummary = z
  .object({
    workspaceId: z.string(),
    at: z.string().datetime(),
    requests: z
      .object({ perSecond: z.number(), latencyMs: Percentiles, windowSeconds: z.number() })
      .nullable()
      .openapi({
        description:
          "Request rate and latency of the platform's API over the last seconds (windowSeconds); null until two readings a second apart exist.",
      }),
    jobs: z.object({
      queued: z.number().int(),
      running: z.number().int(),
      throughputPerMinute: z.number(),
      failedLastHour: z.number().int(),
      durationSeconds: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
      finishedPerMinute: z.array(z.object({ at: z.string().datetime(), count: z.number().int() })),
    }),
    runners: z
      .object({ total: z.number().int(), reachable: z.number().int(), busy: z.number().int() })
      .nullable()
      .openapi({ description: "The media runner pool; null where the container pool scales itself." }),
    connections: z.number().int().openapi({ description: "Open WebSocket connections to the workspace's hub." }),
  })
  .openapi("OpsSummary");

export const summary = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/ops/summary",
  tags: ["Dashboards"],
  summary: "Live operations figures: request rate and latency, job throughput, queue depth, runner pool, sockets",
  description: "Cheap enough to poll every second; the console's operations dashboard does.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("dashboards:read")],
  request: {
    params: z.object({
      id: z
        .string()
        .regex(idPattern("ws"), "not a workspace id")
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 200: jsonResponse(OpsSummary, "The figures as of now"), ...problems(401, 403, 404, 422) },
});
