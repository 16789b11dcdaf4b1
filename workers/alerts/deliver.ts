/**
 * Sending one alert notification over one channel, and logging the result. Slack and webhook URLs
 * are the tenant's, so they go through the outbound policy (SSRF rules, redirects re-checked).
 * SMS goes to the platform's provider (ALERT_SMS_URL): a provider-agnostic JSON POST, so any HTTP
 * gateway (or a relay in front of a vendor API) can sit there. Email goes to the relay at
 * ALERT_EMAIL_URL when one is configured, else through the platform mailer (workers/mail/:
 * Cloudflare send_email in production, the D1 outbox locally).
 */
import { getDb } from "../db/client";
import { alertNotifications } from "../db/schema";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import { mailerFor } from "../mail/mailer";
import { outboundPolicy } from "../net/outbound-policy";
import { safeFetch } from "../net/safe-fetch";
import { webhookSecretOf } from "../webhooks/secrets";
import { signWebhook } from "../webhooks/signature";
import type { AlertChannelRecord } from "./channels";
import { type AlertMessage, ackPath, slackPayload, summaryLine, webhookPayload } from "./message";

const TIMEOUT_MS = 10_000;
const USER_AGENT = "Zukai-Alerts/1";

export type AlertNotificationRecord = typeof alertNotifications.$inferSelect;

interface Attempt {
  statusCode: number | null;
  error: string | null;
}

/** POSTs JSON to a platform provider (not tenant-controlled, so no URL policy). */
async function postToProvider(url: string, token: string | undefined, body: unknown): Promise<Response> {
  if (!url)
    throw new AppError(
      503,
      "provider_not_configured",
      "Provider not configured",
      "No provider URL is configured for this channel kind.",
    );
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": USER_AGENT };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
}

/** POSTs JSON to a tenant URL under the outbound policy. */
async function postToTenantUrl(
  env: Env,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  return safeFetch(
    url,
    outboundPolicy(env, {
      timeoutMs: TIMEOUT_MS,
      method: "POST",
      body,
      headers: { ...headers, "Content-Type": "application/json", "User-Agent": USER_AGENT },
    }),
  );
}

async function send(
  env: Env,
  channel: AlertChannelRecord,
  message: AlertMessage,
  notificationId: string,
): Promise<Response> {
  switch (channel.kind) {
    case "email": {
      const mail = {
        to: channel.target.to ?? "",
        subject: `[Zukai alert] ${message.rule.name}`,
        text: `${summaryLine(message)}\n\nAcknowledge with POST ${ackPath(message)}`,
      };
      if (env.ALERT_EMAIL_URL) return postToProvider(env.ALERT_EMAIL_URL, env.ALERT_PROVIDER_TOKEN, mail);
      // The mailer throws when it cannot deliver; success has no HTTP status of its own.
      await mailerFor(env).send({ ...mail, workspaceId: message.workspace.id, relatedId: message.incident.id });
      return new Response(null, { status: 202 });
    }
    case "sms":
      return postToProvider(env.ALERT_SMS_URL, env.ALERT_PROVIDER_TOKEN, {
        to: channel.target.to,
        body: summaryLine(message).slice(0, 320),
      });
    case "slack":
      return postToTenantUrl(env, channel.target.url ?? "", JSON.stringify(slackPayload(message)), {});
    case "webhook": {
      // Signed exactly like job webhooks, with the notification id as the Standard Webhooks message id.
      const body = JSON.stringify({ ...webhookPayload(message), timestamp: isoNow() });
      const signature = await signWebhook(
        await webhookSecretOf(env, message.workspace.id),
        notificationId,
        Math.floor(Date.now() / 1000),
        body,
      );
      return postToTenantUrl(env, channel.target.url ?? "", body, signature);
    }
  }
}

async function attempt(
  env: Env,
  channel: AlertChannelRecord,
  message: AlertMessage,
  notificationId: string,
): Promise<Attempt> {
  try {
    const response = await send(env, channel, message, notificationId);
    await response.body?.cancel();
    return { statusCode: response.status, error: response.ok ? null : `receiver answered ${response.status}` };
  } catch (error) {
    return { statusCode: null, error: error instanceof AppError ? `${error.code}: ${error.detail}` : String(error) };
  }
}

/** Sends the message over the channel once and logs the outcome; never throws for a delivery failure. */
export async function notifyChannel(
  env: Env,
  channel: AlertChannelRecord,
  message: AlertMessage,
): Promise<AlertNotificationRecord> {
  const id = newId("ntf");
  const result = await attempt(env, channel, message, id);
  const record: AlertNotificationRecord = {
    id,
    workspaceId: message.workspace.id,
    incidentId: message.incident.id,
    channelId: channel.id,
    step: message.step,
    kind: channel.kind,
    status: result.error ? "failed" : "delivered",
    statusCode: result.statusCode,
    error: result.error?.slice(0, 500) ?? null,
    createdAt: isoNow(),
  };
  await getDb(env).insert(alertNotifications).values(record);
  return record;
}
