/** Evaluating rules, the incidents they open, and the notification log. */

import { createRoute, z } from "@hono/zod-openapi";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { authenticate } from "../../middleware/authenticate";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import { Evaluation, Incident, IncidentParams, Notification, pageOf, WorkspaceParams } from "./alerts.schemas";

const tags = ["Alerts"];
const read = [authenticate(), workspaceFromPath(), requirePermission("alerts:read")];
const manage = [authenticate(), workspaceFromPath(), requirePermission("alerts:manage")];

export const evaluate = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/alerts/evaluate",
  tags,
  summary: "Evaluate the workspace's alert rules now (the cron does this every 15 minutes)",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: WorkspaceParams },
  responses: {
    200: jsonResponse(Evaluation, "What each enabled rule measured and did"),
    ...problems(401, 403, 404, 422),
  },
});

export const listIncidents = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/incidents",
  tags,
  summary: "Alert incidents, newest first",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: {
    params: WorkspaceParams,
    query: PageQuery.extend({ status: z.enum(["open", "acknowledged", "resolved"]).optional() }),
  },
  responses: { 200: jsonResponse(pageOf(Incident), "A page of incidents"), ...problems(400, 401, 403, 404, 422) },
});

export const getIncident = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/incidents/{incidentId}",
  tags,
  summary: "One incident",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: { params: IncidentParams },
  responses: { 200: jsonResponse(Incident, "The incident"), ...problems(401, 403, 404, 422) },
});

export const acknowledge = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/incidents/{incidentId}/ack",
  tags,
  summary: "Acknowledge an incident: escalation stops",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: IncidentParams },
  responses: { 200: jsonResponse(Incident, "The acknowledged incident"), ...problems(401, 403, 404, 409, 422) },
});

export const resolve = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/incidents/{incidentId}/resolve",
  tags,
  summary: "Resolve an incident: escalation stops and the rule may fire again",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: IncidentParams },
  responses: { 200: jsonResponse(Incident, "The resolved incident"), ...problems(401, 403, 404, 422) },
});

export const listNotifications = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/notifications",
  tags,
  summary: "Every alert notification sent and its delivery result, newest first",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: {
    params: WorkspaceParams,
    query: PageQuery.extend({
      incidentId: z.string().regex(idPattern("inc"), "not an incident id").optional(),
    }),
  },
  responses: {
    200: jsonResponse(pageOf(Notification), "A page of notifications"),
    ...problems(400, 401, 403, 404, 422),
  },
});
