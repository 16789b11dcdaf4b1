import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import { RoleReference } from "../../workspaces/roles";

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The visible start of the key, to tell keys apart." }),
    role: z.string(),
    createdBy: z.string(),
    createdAt: z.string().datetime(),
    lastUsedAt: z.string().datetime().nullable(),
    revokedAt: z.string().datetime().nullable(),
  })
  .openapi("ApiKey");

const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: RoleReference.default("editor"),
  })
  .openapi("CreateApiKeyRequest");

const tags = ["API keys"];
const guard = [authenticate(), workspaceFromPath(), requirePermission("apikeys:manage")];

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/api-keys",
  tags,
  summary: "Create an API key for the workspace; the key is shown only in this response",
  security: BEARER_ONLY,
  middleware: [...guard, jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(CreateApiKeyBody) },
  responses: {
    201: jsonResponse(
      ApiKey.extend({ key: z.string().openapi({ example: "zk_Ab3dEf9h_…" }) }).openapi("CreatedApiKey"),
      "Created",
    ),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/api-keys",
  tags,
  summary: "The workspace's API keys (never their secrets)",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: { params: z.object({ id: WorkspaceId }), query: PageQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(ApiKey), nextCursor: z.string().nullable() }), "A page of keys"),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const revoke = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/api-keys/{keyId}",
  tags,
  summary: "Revoke an API key; it stops working at once",
  security: BEARER_OR_API_KEY,
  middleware: guard,
  request: {
    params: z.object({
      id: WorkspaceId,
      keyId: z
        .string()
        .regex(idPattern("key"), "not an API key id")
        .openapi({ param: { name: "keyId", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 422) },
});
