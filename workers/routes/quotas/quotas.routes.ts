import { createRoute, z } from "@hono/zod-openapi";
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

const Quota = z.object({
  limit: z.union([z.number(), z.string(), z.null()]).openapi({ description: "null: unlimited." }),
  current: z.number().optional(),
  unit: z.string(),
});

export const QuotaStatus = z
  .object({
    workspaceId: z.string(),
    plan: z.string(),
    cycle: z.string(),
    usageMonth: z.object({ from: z.string(), to: z.string() }),
    quotas: z.record(z.string(), Quota.passthrough()),
    included: z.record(z.string(), z.object({ included: z.number(), used: z.number() })),
  })
  .openapi("QuotaStatus");

export const get = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/quota",
  tags: ["Usage"],
  summary: "Every quota of the workspace's plan with its limit and current use",
  description:
    "Work over a quota is refused with 402 (an allowance is used up) or 429 (concurrency or rate); the problem names `quota`, `limit` and `current`.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("usage:read")],
  request: { params: Params },
  responses: { 200: jsonResponse(QuotaStatus, "Limits and use"), ...problems(401, 403, 404, 422, 429) },
});
