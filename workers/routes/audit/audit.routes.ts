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
    .openapi({ param: { name: "id", in: "path" } }),
});

const Filters = z.object({
  actor: z.string().max(100).optional().openapi({ description: "A user id or API key id." }),
  action: z
    .string()
    .max(100)
    .regex(/^[a-z0-9_.]+(\.\*)?$/, "an action like api_key.create, or a prefix like api_key.*")
    .optional(),
  target: z.string().max(100).optional().openapi({ description: "The target's id." }),
  targetType: z.string().max(50).optional(),
  from: z.string().datetime().optional().openapi({ description: "Entries at or after this time." }),
  to: z.string().datetime().optional().openapi({ description: "Entries before this time." }),
});

const ListQuery = Filters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional().openapi({ description: "The `nextCursor` of the previous page." }),
});

export const AuditEntry = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    at: z.string().datetime(),
    actor: z.object({ type: z.enum(["user", "api_key", "system"]), id: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    prevHash: z.string(),
    hash: z
      .string()
      .openapi({ description: "SHA-256 of prevHash followed by the canonical JSON of the entry's other fields." }),
  })
  .openapi("AuditEntry");

const VerifyResult = z
  .object({
    ok: z.boolean(),
    entries: z
      .number()
      .int()
      .openapi({ description: "Entries checked before the first broken link (all of them when ok)." }),
    lastSeq: z.number().int().optional(),
    lastHash: z.string().optional(),
    firstBroken: z
      .object({
        seq: z.number().int(),
        id: z.string().nullable(),
        reason: z.enum(["hash_mismatch", "prev_hash_mismatch", "seq_gap", "tail_missing"]),
      })
      .optional(),
  })
  .openapi("AuditVerifyResult");

const tags = ["Audit log"];
const guard = [authenticate(), workspaceFromPath(), requirePermission("audit:read")];

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/audit-log",
  tags,
  summary: "The workspace's audit log, newest first, with filters",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: { params: Params, query: ListQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }), "A page of entries"),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const exportLog = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/audit-log/export",
  tags,
  summary: "Every matching entry, oldest first, as NDJSON (one AuditEntry per line)",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: { params: Params, query: Filters },
  responses: {
    200: {
      description: "NDJSON stream of AuditEntry",
      content: { "application/x-ndjson": { schema: { type: "string" } } },
    },
    ...problems(401, 403, 404, 422),
  },
});

export const verify = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/audit-log/verify",
  tags,
  summary: "Recomputes the hash chain and reports ok or the first broken link",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: { params: Params },
  responses: { 200: jsonResponse(VerifyResult, "The verification result"), ...problems(401, 403, 404, 422) },
});
