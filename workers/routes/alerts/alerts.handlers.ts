import * as channels from "../../alerts/channels";
import * as rules from "../../alerts/rules";
import { requestAuditBody } from "../../audit/record";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./alerts.routes";

export const createChannel: AppRouteHandler<typeof routes.createChannel> = async (c) => {
  const { workspaceId } = c.get("membership");
  const channel = await channels.createChannel(
    c.env,
    workspaceId,
    c.req.valid("json"),
    c.get("principal").userId,
    (channel) =>
      requestAuditBody(c, workspaceId, {
        action: "alert_channel.create",
        target: { type: "alert_channel", id: channel.id },
        after: channels.toChannelResource(channel),
      }),
  );
  return c.json(channels.toChannelResource(channel), 201, {
    Location: `/api/v1/workspaces/${workspaceId}/alert-channels/${channel.id}`,
  });
};

export const listChannels: AppRouteHandler<typeof routes.listChannels> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = toPage(
    await channels.listChannels(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor)),
    limit,
  );
  return c.json({ items: page.items.map(channels.toChannelResource), nextCursor: page.nextCursor }, 200);
};

export const getChannel: AppRouteHandler<typeof routes.getChannel> = async (c) => {
  const channel = await channels.getChannel(c.env, c.get("membership").workspaceId, c.req.valid("param").channelId);
  return c.json(channels.toChannelResource(channel), 200);
};

export const deleteChannel: AppRouteHandler<typeof routes.deleteChannel> = async (c) => {
  const { workspaceId } = c.get("membership");
  await channels.deleteChannel(c.env, workspaceId, c.req.valid("param").channelId, (channel) =>
    requestAuditBody(c, workspaceId, {
      action: "alert_channel.delete",
      target: { type: "alert_channel", id: channel.id },
      before: channels.toChannelResource(channel),
    }),
  );
  return c.body(null, 204);
};

export const createRule: AppRouteHandler<typeof routes.createRule> = async (c) => {
  const { workspaceId } = c.get("membership");
  const rule = await rules.createRule(c.env, workspaceId, c.req.valid("json"), c.get("principal").userId, (rule) =>
    requestAuditBody(c, workspaceId, {
      action: "alert_rule.create",
      target: { type: "alert_rule", id: rule.id },
      after: rules.toRuleResource(rule),
    }),
  );
  return c.json(rules.toRuleResource(rule), 201, {
    Location: `/api/v1/workspaces/${workspaceId}/alert-rules/${rule.id}`,
  });
};

export const listRules: AppRouteHandler<typeof routes.listRules> = async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = toPage(
    await rules.listRules(c.env, c.get("membership").workspaceId, limit, decodeCursor(cursor)),
    limit,
  );
  return c.json({ items: page.items.map(rules.toRuleResource), nextCursor: page.nextCursor }, 200);
};

export const getRule: AppRouteHandler<typeof routes.getRule> = async (c) => {
  return c.json(
    rules.toRuleResource(await rules.getRule(c.env, c.get("membership").workspaceId, c.req.valid("param").ruleId)),
    200,
  );
};

export const updateRule: AppRouteHandler<typeof routes.updateRule> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { after } = await rules.updateRule(
    c.env,
    workspaceId,
    c.req.valid("param").ruleId,
    c.req.valid("json"),
    ({ before, after }) =>
      requestAuditBody(c, workspaceId, {
        action: "alert_rule.update",
        target: { type: "alert_rule", id: after.id },
        before: rules.toRuleResource(before),
        after: rules.toRuleResource(after),
      }),
  );
  return c.json(rules.toRuleResource(after), 200);
};

export const deleteRule: AppRouteHandler<typeof routes.deleteRule> = async (c) => {
  const { workspaceId } = c.get("membership");
  await rules.deleteRule(c.env, workspaceId, c.req.valid("param").ruleId, (rule) =>
    requestAuditBody(c, workspaceId, {
      action: "alert_rule.delete",
      target: { type: "alert_rule", id: rule.id },
      before: rules.toRuleResource(rule),
    }),
  );
  return c.body(null, 204);
};
