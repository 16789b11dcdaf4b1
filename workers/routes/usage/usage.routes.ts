import { createRoute, z } from "@hono/zod-openapi";
import { METERS } from "../../billing/plans";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const Params = z.object({
  id: z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .openapi({ param: { name: "id", in: "path" }, example: "ws_01jd7x1q2w3e4r5t6y7u8i9o0p" }),
});

export const UsageQuery = z.object({
  from: z
    .string()
    .datetime()
    .optional()
    .openapi({ description: "Start (inclusive, ISO 8601 UTC); defaults to the start of the current usage month." }),
  to: z.string().datetime().optional().openapi({
    description: "End (exclusive); defaults to the end of the current usage month. At most 366 days after `from`.",
  }),
  meter: z.enum(METERS).optional(),
});

const UsageSummary = z
  .object({
    workspaceId: z.string(),
    from: z.string(),
    to: z.string(),
    meters: z.array(z.object({ meter: z.string(), quantity: z.number(), unit: z.string(), events: z.number().int() })),
  })
  .openapi("UsageSummary");

const tags = ["Usage"];

export const summary = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/usage",
  tags,
  summary:
    "Metered usage per meter over a period (audio seconds, diagrams, render seconds, storage GB-hours, API calls)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("usage:read")],
  request: { params: Params, query: UsageQuery },
  responses: { 200: jsonResponse(UsageSummary, "Totals per meter"), ...problems(400, 401, 403, 404, 422, 429) },
});

export const events = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/usage/events.ndjson",
  tags,
  summary:
    "Every meter event of a period as CloudEvents 1.0, one JSON event per line, for a billing provider to ingest",
  description:
    "`type` is `dev.zukai.usage.<meter>`, `subject` the workspace, `id` the ledger's event id (stable: a re-export deduplicates), `data.value` the quantity.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("usage:read")],
  request: { params: Params, query: UsageQuery },
  responses: {
    200: { description: "NDJSON stream of CloudEvents", content: { "application/x-ndjson": { schema: z.string() } } },
    ...problems(400, 401, 403, 404, 422, 429),
  },
});
