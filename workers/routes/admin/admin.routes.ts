import { createRoute, z } from "@hono/zod-openapi";
import { PlanOverrides } from "../../billing/overrides";
import { BILLING_CYCLES, CURRENCIES } from "../../billing/plans";
import { idPattern } from "../../lib/ids";
import { jsonResponse, problems } from "../../lib/openapi";
import { jsonBody } from "../../middleware/json-body";
import { requireOperatorToken } from "../../middleware/operator-token";

const tags = ["Operations"];
const security = [{ operatorToken: [] }];
const middleware = [requireOperatorToken("ADMIN_TOKEN")];

const Check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

const Runner = z.object({
  name: z.string(),
  up: z.boolean(),
  activeJobs: z.number().int(),
  maxJobs: z.number().int(),
  consecutiveFailures: z.number().int(),
  lastCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  changedAt: z.string(),
  languages: z
    .record(z.string(), z.array(z.string()))
    .nullable()
    .openapi({ description: "Engine → languages as of the last healthy check; null until the runner reported them." }),
});

export const PlatformStatus = z
  .object({
    at: z.string().datetime(),
    runners: z.object({
      mode: z.enum(["local", "containers"]).openapi({
        description: "local: RUNNER_URLS processes checked by the pool; containers: the platform scales instances.",
      }),
      healthy: z.number().int(),
      total: z.number().int(),
      busy: z.number().int(),
      items: z.array(Runner),
    }),
    queue: z.object({ depth: z.number().int(), oldestAgeSeconds: z.number() }),
    deadJobs: z.object({ pending: z.number().int() }),
    dependencies: z.object({ d1: Check, r2: Check }),
  })
  .openapi("PlatformStatus");

export const status = createRoute({
  method: "get",
  path: "/api/v1/admin/status",
  tags,
  summary: "Operator view: runner pool (checked now), job queue, dead jobs, D1 and R2 latency",
  description: "Protected by the ADMIN_TOKEN deployment secret (bearer).",
  security,
  middleware,
  responses: { 200: jsonResponse(PlatformStatus, "The platform's state"), ...problems(401) },
});

export const DeadJobResource = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    jobId: z.string(),
    stage: z.string(),
    reason: z.string(),
    deliveries: z.number().int(),
    deadAt: z.string(),
    replayedAt: z.string().nullable(),
  })
  .openapi("DeadJob");

export const listDeadJobs = createRoute({
  method: "get",
  path: "/api/v1/admin/dead-jobs",
  tags,
  summary: "Jobs whose stage exhausted its retries (dead-letter queue), newest first, across workspaces",
  security,
  middleware,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
      state: z.enum(["pending", "all"]).default("pending").openapi({ description: "pending: not replayed yet." }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(DeadJobResource), nextCursor: z.string().nullable() }),
      "A page of dead jobs",
    ),
    ...problems(400, 401, 422),
  },
});

export const replayDeadJob = createRoute({
  method: "post",
  path: "/api/v1/admin/dead-jobs/{id}/replay",
  tags,
  summary: "Reopen a dead job at the stage that died (its checkpoint kept) and queue that stage again",
  security,
  middleware,
  request: { params: z.object({ id: z.string().regex(idPattern("dlj")) }) },
  responses: {
    202: jsonResponse(DeadJobResource, "Queued again"),
    ...problems(401, 404, 409, 422, 503),
  },
});

const EnterpriseTerms = z
  .strictObject({
    terms: PlanOverrides,
    cycle: z.enum(BILLING_CYCLES).optional().openapi({ description: "Only when the workspace moves onto enterprise." }),
    currency: z.enum(CURRENCIES).optional().openapi({ description: "Only when the workspace moves onto enterprise." }),
  })
  .openapi("EnterpriseTerms");

const EnterpriseAccount = z
  .object({
    workspaceId: z.string(),
    plan: z.literal("enterprise"),
    cycle: z.enum(BILLING_CYCLES),
    currency: z.enum(CURRENCIES),
    periodStart: z.string(),
    terms: PlanOverrides,
  })
  .openapi("EnterpriseAccount");

export const setEnterpriseTerms = createRoute({
  method: "put",
  path: "/api/v1/admin/workspaces/{id}/enterprise-terms",
  tags,
  summary: "Put a workspace on the enterprise plan under its contract terms, or change the terms",
  description:
    "Moving onto enterprise starts the contract's first period now and charges its fee; later calls change only the terms. A workspace cannot do this to itself.",
  security,
  middleware: [...middleware, jsonBody()],
  request: {
    params: z.object({ id: z.string().regex(idPattern("ws")) }),
    body: { content: { "application/json": { schema: EnterpriseTerms } }, required: true },
  },
  responses: {
    200: jsonResponse(EnterpriseAccount, "The workspace's enterprise account"),
    ...problems(400, 401, 404, 413, 415, 422),
  },
});
