/**
 * Alert channels: where a workspace's alerts go. Slack and webhook URLs are tenant-given, so they
 * pass the outbound URL policy (SSRF rules) when saved and again at every delivery.
 */

import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { getDb, toStatement } from "../db/client";
import { alertChannels, alertRules } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxRow, auditOutboxStatement, insertAuditRow, kickOutbox } from "../events/outbox";
import { conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { outboundPolicy } from "../net/outbound-policy";
import { checkUrl } from "../net/safe-fetch";

export type AlertChannelRecord = typeof alertChannels.$inferSelect;

export type ChannelInput =
  | { name: string; kind: "email"; to: string }
  | { name: string; kind: "sms"; to: string }
  | { name: string; kind: "slack" | "webhook"; url: string };

/** The channel as the API shows it: a URL is a credential (Slack's is), so only its origin shows. */
export function toChannelResource(channel: AlertChannelRecord) {
  const target = channel.target.url
    ? { url: `${new URL(channel.target.url).origin}/…` }
    : { to: channel.target.to ?? "" };
  return {
    id: channel.id,
    workspaceId: channel.workspaceId,
    name: channel.name,
    kind: channel.kind,
    target,
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}

/** Creates a channel after checking that its URL (if any) may be reached. */
export async function createChannel(
  env: Env,
  workspaceId: string,
  input: ChannelInput,
  createdBy: string,
  audit: AuditOf<AlertChannelRecord>,
): Promise<AlertChannelRecord> {
  if ("url" in input) await checkUrl(new URL(input.url), outboundPolicy(env));
  const now = isoNow();
  const channel: AlertChannelRecord = {
    id: newId("ach"),
    workspaceId,
    name: input.name,
    kind: input.kind,
    target: "url" in input ? { url: input.url } : { to: input.to },
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  const db = getDb(env);
  await db.batch([
    db.insert(alertChannels).values(channel),
    insertAuditRow(db, auditOutboxRow(workspaceId, audit(channel))),
  ]);
  await kickOutbox(env, workspaceId);
  return channel;
}

/** A page of the workspace's channels, newest first. */
export async function listChannels(
  env: Env,
  workspaceId: string,
  limit: number,
  afterId?: string,
): Promise<AlertChannelRecord[]> {
  return getDb(env)
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), afterId ? lt(alertChannels.id, afterId) : undefined))
    .orderBy(desc(alertChannels.id))
    .limit(limit + 1)
    .all();
}

/** The channel if it belongs to this workspace; 404 otherwise. */
export async function getChannel(env: Env, workspaceId: string, channelId: string): Promise<AlertChannelRecord> {
  return getInWorkspace(env, alertChannels, workspaceId, channelId, "alert channel");
}

/** The workspace's channels with these ids (unknown or foreign ids are simply absent). */
export async function channelsByIds(
  env: Env,
  workspaceId: string,
  ids: readonly string[],
): Promise<AlertChannelRecord[]> {
  if (ids.length === 0) return [];
  return getDb(env)
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), inArray(alertChannels.id, [...ids])))
    .all();
}

/** Deletes a channel no rule uses any more (409 `channel_in_use` otherwise). */
export async function deleteChannel(
  env: Env,
  workspaceId: string,
  channelId: string,
  audit: AuditOf<AlertChannelRecord>,
): Promise<AlertChannelRecord> {
  const channel = await getChannel(env, workspaceId, channelId);
  const rules = await getDb(env)
    .select({ id: alertRules.id, steps: alertRules.steps })
    .from(alertRules)
    .where(eq(alertRules.workspaceId, workspaceId))
    .all();
  const users = rules.filter((rule) => rule.steps.some((step) => step.channelIds.includes(channelId)));
  if (users.length > 0)
    throw conflict("channel_in_use", `Rules ${users.map((r) => r.id).join(", ")} still notify this channel.`);
  await env.DB.batch([
    toStatement(
      env,
      getDb(env)
        .delete(alertChannels)
        .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.id, channelId))),
    ),
    auditOutboxStatement(env, workspaceId, audit(channel), { guarded: true }),
  ]);
  await kickOutbox(env, workspaceId);
  return channel;
}
