/** Alert channels and rules: `/api/v1/workspaces/{id}/alert-channels` and `/alert-rules`. */
import { createRoute } from "@hono/zod-openapi";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { PageQuery } from "../../lib/pagination";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";
import {
  AlertChannel,
  AlertRule,
  ChannelParams,
  CreateChannelBody,
  CreateRuleBody,
  pageOf,
  RuleParams,
  UpdateRuleBody,
  WorkspaceParams,
} from "./alerts.schemas";

const tags = ["Alerts"];
const read = [authenticate(), workspaceFromPath(), requirePermission("alerts:read")];
const manage = [authenticate(), workspaceFromPath(), requirePermission("alerts:manage")];
const manageJson = [...manage, jsonBody()];

export const createChannel = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/alert-channels",
  tags,
  summary: "Add a channel alerts can be sent to (email, Slack, SMS, signed webhook)",
  security: BEARER_OR_API_KEY,
  middleware: manageJson,
  request: { params: WorkspaceParams, ...jsonRequest(CreateChannelBody) },
  responses: { 201: jsonResponse(AlertChannel, "Created"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const listChannels = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/alert-channels",
  tags,
  summary: "The workspace's alert channels, newest first",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: { params: WorkspaceParams, query: PageQuery },
  responses: { 200: jsonResponse(pageOf(AlertChannel), "A page of channels"), ...problems(400, 401, 403, 404, 422) },
});

export const getChannel = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/alert-channels/{channelId}",
  tags,
  summary: "One alert channel",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: { params: ChannelParams },
  responses: { 200: jsonResponse(AlertChannel, "The channel"), ...problems(401, 403, 404, 422) },
});

export const deleteChannel = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/alert-channels/{channelId}",
  tags,
  summary: "Delete a channel that no rule uses",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: ChannelParams },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});

export const createRule = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/alert-rules",
  tags,
  summary: "Add an alert rule with its escalation steps",
  security: BEARER_OR_API_KEY,
  middleware: manageJson,
  request: { params: WorkspaceParams, ...jsonRequest(CreateRuleBody) },
  responses: { 201: jsonResponse(AlertRule, "Created"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const listRules = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/alert-rules",
  tags,
  summary: "The workspace's alert rules, newest first",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: { params: WorkspaceParams, query: PageQuery },
  responses: { 200: jsonResponse(pageOf(AlertRule), "A page of rules"), ...problems(400, 401, 403, 404, 422) },
});

export const getRule = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/alert-rules/{ruleId}",
  tags,
  summary: "One alert rule",
  security: BEARER_OR_API_KEY,
  middleware: read,
  request: { params: RuleParams },
  responses: { 200: jsonResponse(AlertRule, "The rule"), ...problems(401, 403, 404, 422) },
});

export const updateRule = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}/alert-rules/{ruleId}",
  tags,
  summary: "Change an alert rule (threshold, window, steps, enabled…)",
  security: BEARER_OR_API_KEY,
  middleware: manageJson,
  request: { params: RuleParams, ...jsonRequest(UpdateRuleBody) },
  responses: { 200: jsonResponse(AlertRule, "The changed rule"), ...problems(400, 401, 403, 404, 413, 415, 422) },
});

export const deleteRule = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/alert-rules/{ruleId}",
  tags,
  summary: "Delete an alert rule (its incidents stay as history)",
  security: BEARER_OR_API_KEY,
  middleware: manage,
  request: { params: RuleParams },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
