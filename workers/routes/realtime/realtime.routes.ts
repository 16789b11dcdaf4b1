import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_ONLY, BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace, workspaceFromPath } from "../../middleware/workspace";
import { authenticateOrTicket } from "../../middleware/ws-ticket";

const tags = ["Real-time"];
const WorkspaceParams = z.object({
  id: z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .openapi({ param: { name: "id", in: "path" } }),
});

export const socket = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/ws",
  tags,
  summary: "Open the workspace's WebSocket (protocol v1: job:progress, job:complete, job:error, …)",
  description:
    'Authenticate with a bearer token, an API key, or `?ticket=` from POST …/ws-ticket (browsers). `?since=<seq>` replays missed events, or answers `resync` when they are older than the hub\'s log. Send `{"type":"ping"}` at least every 120 s (the client library pings every 30 s).',
  security: [...BEARER_OR_API_KEY, {}],
  middleware: [authenticateOrTicket(), workspaceFromPath(), requirePermission("jobs:read")],
  request: {
    params: WorkspaceParams,
    query: z.object({ since: z.coerce.number().int().min(0).optional(), ticket: z.string().max(100).optional() }),
  },
  responses: {
    101: { description: "Switching protocols" },
    426: { description: "Not a WebSocket upgrade" },
    ...problems(401, 403, 404, 422),
  },
});

export const ticket = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/ws-ticket",
  tags,
  summary: "A single-use, 30-second ticket to open the WebSocket from a browser",
  security: BEARER_ONLY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("jobs:read")],
  request: { params: WorkspaceParams },
  responses: {
    201: jsonResponse(
      z.object({ ticket: z.string(), expiresAt: z.string().datetime(), url: z.string() }).openapi("WsTicket"),
      "Issued",
    ),
    ...problems(401, 403, 404, 422),
  },
});

export const events = createRoute({
  method: "get",
  path: "/api/v1/jobs/{id}/events",
  tags,
  summary: "A job's events as Server-Sent Events (resumes from Last-Event-ID)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: {
    headers: WorkspaceHeader.extend({
      "last-event-id": z
        .string()
        .regex(/^\d{1,15}$/)
        .optional()
        .openapi({ param: { name: "last-event-id", in: "header" } }),
    }),
    params: z.object({
      id: z
        .string()
        .regex(idPattern("job"), "not a job id")
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: {
      description: "text/event-stream of the job's events",
      content: { "text/event-stream": { schema: { type: "string" } } },
    },
    ...problems(401, 403, 404, 422),
  },
});
