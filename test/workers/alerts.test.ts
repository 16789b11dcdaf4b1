/**
 * Tenant alerts through the public API: rules on the workspace's own figures, channels delivered
 * to a real local HTTP receiver (Slack, signed webhook, and the email and SMS provider relays),
 * escalation on the AlertEscalator's alarm when nobody acknowledges, and none once someone does.
 */
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getChannel } from "../../workers/alerts/channels";
import { notifyChannel } from "../../workers/alerts/deliver";
import { verifyWebhook } from "../../workers/webhooks/signature";
import { api, expectProblem, registerUser, type TestUser } from "./helpers";
import "./provided-context";

interface Received {
  headers: Record<string, string>;
  body: string;
  status: number;
}

const TEXT = "First we collect the data. Then we analyse the results. Finally we draw the diagram.";

/** What the local receiver got under `name`, optionally only the messages that mention `needle`. */
async function receivedAt(name: string, needle?: string): Promise<Received[]> {
  const all: Received[] = await (await fetch(`${inject("remoteOrigin")}/webhook/${name}`)).json();
  return needle ? all.filter((r) => r.body.includes(needle)) : all;
}

function escalatorOf(incidentId: string) {
  return env.ALERT_ESCALATOR.get(env.ALERT_ESCALATOR.idFromName(incidentId));
}

/** A user whose workspace has spent $0.002 (one diagram from text) and four channels. */
async function workspaceWithChannels(label: string) {
  const user = await registerUser(label);
  const ws = user.workspaceId;
  const tag = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const make = async (json: object) => {
    const res = await api(`/api/v1/workspaces/${ws}/alert-channels`, { token: user.accessToken, json });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const channels = {
    slack: await make({ kind: "slack", name: "On-call Slack", url: `${inject("remoteOrigin")}/webhook/slack-${tag}` }),
    // The receiver refuses the first delivery, so a failed attempt shows in the log too.
    webhook: await make({
      kind: "webhook",
      name: "Pager bridge",
      url: `${inject("remoteOrigin")}/webhook/hook-${tag}?fail=1`,
    }),
    sms: await make({ kind: "sms", name: "Lead's phone", to: "+15551234567" }),
    email: await make({ kind: "email", name: "Ops list", to: `ops-${tag}@example.test` }),
  };
  const diagram = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: TEXT } });
  expect(diagram.status, JSON.stringify(diagram.body)).toBe(201);
  return { user, ws, tag, channels };
}

/** A spend rule ($0.001 in an hour) that notifies Slack + webhook first, then SMS + email. */
async function spendRule(user: TestUser, ws: string, channels: Record<string, string>) {
  const res = await api(`/api/v1/workspaces/${ws}/alert-rules`, {
    token: user.accessToken,
    json: {
      name: "Spend spike",
      metric: "spend_usd",
      threshold: 0.001,
      windowMinutes: 60,
      steps: [
        { channelIds: [channels.slack, channels.webhook], waitMinutes: 10 },
        { channelIds: [channels.sms, channels.email], waitMinutes: 10 },
      ],
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe("alert rules and channels", () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await registerUser("alert-owner");
  });

  it("refuse channel URLs into our network and rules that name unknown channels", async () => {
    const ws = owner.workspaceId;
    const ssrf = await api(`/api/v1/workspaces/${ws}/alert-channels`, {
      token: owner.accessToken,
      json: { kind: "slack", name: "x", url: "https://169.254.169.254/hook" },
    });
    expectProblem(ssrf, 422, "url_not_allowed");
    const badPhone = await api(`/api/v1/workspaces/${ws}/alert-channels`, {
      token: owner.accessToken,
      json: { kind: "sms", name: "x", to: "555" },
    });
    expectProblem(badPhone, 422, "validation_failed");
    const other = await registerUser("alert-other");
    const foreign = await api(`/api/v1/workspaces/${other.workspaceId}/alert-channels`, {
      token: other.accessToken,
      json: { kind: "sms", name: "theirs", to: "+15550000000" },
    });
    const rule = await api(`/api/v1/workspaces/${ws}/alert-rules`, {
      token: owner.accessToken,
      json: {
        name: "r",
        metric: "spend_usd",
        threshold: 1,
        windowMinutes: 60,
        steps: [{ channelIds: [foreign.body.id], waitMinutes: 5 }],
      },
    });
    expectProblem(rule, 422, "validation_failed");
    expectProblem(
      await api(`/api/v1/workspaces/${ws}/alert-channels/${foreign.body.id}`, { token: owner.accessToken }),
      404,
      "not_found",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${other.workspaceId}/incidents`, { token: owner.accessToken }),
      404,
      "not_found",
    );
  });

  it("shows a Slack URL only by its origin, and keeps a channel that a rule uses", async () => {
    const { user, ws, channels } = await workspaceWithChannels("alert-redact");
    const slack = await api(`/api/v1/workspaces/${ws}/alert-channels/${channels.slack}`, { token: user.accessToken });
    expect(slack.body.target.url).toBe(`${inject("remoteOrigin")}/…`);
    await spendRule(user, ws, channels);
    expectProblem(
      await api(`/api/v1/workspaces/${ws}/alert-channels/${channels.slack}`, {
        method: "DELETE",
        token: user.accessToken,
      }),
      409,
      "channel_in_use",
    );
  });

  it("measure the workspace's own figures", async () => {
    const { user, ws, channels } = await workspaceWithChannels("alert-figures");
    const steps = [{ channelIds: [channels.sms], waitMinutes: 5 }];
    for (const metric of ["job_failure_rate", "quota_use_percent", "queue_wait_seconds"]) {
      const res = await api(`/api/v1/workspaces/${ws}/alert-rules`, {
        token: user.accessToken,
        json: { name: metric, metric, threshold: 50, windowMinutes: 60, steps, enabled: true },
      });
      expect(res.status).toBe(201);
    }
    const { body } = await api(`/api/v1/workspaces/${ws}/alerts/evaluate`, { method: "POST", token: user.accessToken });
    const byMetric = Object.fromEntries(body.results.map((r: { metric: string }) => [r.metric, r]));
    // One diagram job, succeeded at once: 0 % failed of 1; 1 of the free plan's 50 included diagrams; no wait.
    expect(byMetric.job_failure_rate).toMatchObject({ value: 0, samples: 1, firing: false });
    expect(byMetric.quota_use_percent).toMatchObject({ value: 2, firing: false });
    expect(byMetric.queue_wait_seconds).toMatchObject({ value: 0, firing: false });
  });
});

describe("escalation", () => {
  it("notifies step 1, escalates to step 2 on the alarm when nobody acknowledges, and logs every delivery", async () => {
    const { user, ws, tag, channels } = await workspaceWithChannels("alert-escalate");
    const ruleId = await spendRule(user, ws, channels);

    const evaluated = await api(`/api/v1/workspaces/${ws}/alerts/evaluate`, {
      method: "POST",
      token: user.accessToken,
    });
    expect(evaluated.status, JSON.stringify(evaluated.body)).toBe(200);
    const result = evaluated.body.results.find((r: { ruleId: string }) => r.ruleId === ruleId);
    expect(result).toMatchObject({ firing: true, change: "opened", value: 0.002 });
    const incidentId: string = result.incidentId;

    // Step 1: Slack (incoming-webhook JSON) and the signed webhook; SMS and email not yet.
    const slack = await receivedAt(`slack-${tag}`);
    expect(slack).toHaveLength(1);
    const slackBody = JSON.parse(slack[0]!.body);
    expect(slackBody.text).toContain(incidentId);
    expect(slackBody.blocks[0].type).toBe("section");
    const hooks = await receivedAt(`hook-${tag}`);
    expect(hooks.map((h) => h.status)).toEqual([500]);
    expect(await receivedAt("alert-sms", incidentId)).toHaveLength(0);
    expect(await receivedAt("alert-email", incidentId)).toHaveLength(0);
    const { secret } = (await api(`/api/v1/workspaces/${ws}/webhook-secret`, { token: user.accessToken })).body;
    expect(await verifyWebhook(secret, new Headers(hooks[0]!.headers), hooks[0]!.body)).toBe(true);
    expect(JSON.parse(hooks[0]!.body).data.incident).toMatchObject({
      id: incidentId,
      metric: "spend_usd",
      value: 0.002,
      threshold: 0.001,
    });

    // A second evaluation while the incident is open opens nothing and sends nothing.
    const again = await api(`/api/v1/workspaces/${ws}/alerts/evaluate`, { method: "POST", token: user.accessToken });
    expect(again.body.results[0]).toMatchObject({ change: "none", incidentId });
    expect(await receivedAt(`slack-${tag}`)).toHaveLength(1);

    // Nobody acknowledges: the alarm fires and step 2 (SMS and email through their providers) is notified.
    expect(await runDurableObjectAlarm(escalatorOf(incidentId))).toBe(true);
    const sms = await receivedAt("alert-sms", incidentId);
    expect(sms).toHaveLength(1);
    expect(JSON.parse(sms[0]!.body)).toMatchObject({
      to: "+15551234567",
      body: expect.stringContaining("escalation step 2"),
    });
    expect(sms[0]!.headers.authorization).toBe("Bearer test-alert-provider-token");
    const email = await receivedAt("alert-email", incidentId);
    expect(JSON.parse(email[0]!.body)).toMatchObject({
      to: `ops-${tag}@example.test`,
      subject: "[Zukai alert] Spend spike",
    });
    expect(
      (await api(`/api/v1/workspaces/${ws}/incidents/${incidentId}`, { token: user.accessToken })).body,
    ).toMatchObject({ status: "open", step: 1 });
    // The last step has no next one: no alarm is left.
    expect(await runDurableObjectAlarm(escalatorOf(incidentId))).toBe(false);

    const log = await api(`/api/v1/workspaces/${ws}/notifications?incidentId=${incidentId}`, {
      token: user.accessToken,
    });
    const summary = log.body.items
      .map(
        (n: { kind: string; step: number; status: string; statusCode: number }) =>
          `${n.step}:${n.kind}:${n.status}:${n.statusCode}`,
      )
      .sort();
    expect(summary).toEqual([
      "0:slack:delivered:204",
      "0:webhook:failed:500",
      "1:email:delivered:204",
      "1:sms:delivered:204",
    ]);

    // The figure recovers (threshold raised): the next evaluation resolves the incident.
    await api(`/api/v1/workspaces/${ws}/alert-rules/${ruleId}`, {
      method: "PATCH",
      token: user.accessToken,
      json: { threshold: 100 },
    });
    const recovered = await api(`/api/v1/workspaces/${ws}/alerts/evaluate`, {
      method: "POST",
      token: user.accessToken,
    });
    expect(recovered.body.results[0]).toMatchObject({ change: "resolved", firing: false });
    expect(
      (await api(`/api/v1/workspaces/${ws}/incidents/${incidentId}`, { token: user.accessToken })).body,
    ).toMatchObject({ status: "resolved", resolvedBy: "system" });
  });

  it("stops escalating once the incident is acknowledged", async () => {
    const { user, ws, tag, channels } = await workspaceWithChannels("alert-ack");
    await spendRule(user, ws, channels);
    const evaluated = await api(`/api/v1/workspaces/${ws}/alerts/evaluate`, {
      method: "POST",
      token: user.accessToken,
    });
    const incidentId: string = evaluated.body.results[0].incidentId;
    expect(await receivedAt(`slack-${tag}`)).toHaveLength(1);

    const ack = await api(`/api/v1/workspaces/${ws}/incidents/${incidentId}/ack`, {
      method: "POST",
      token: user.accessToken,
    });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ status: "acknowledged", acknowledgedBy: user.userId, step: 0 });

    // The alarm is gone, and no step-2 channel ever hears of the incident.
    expect(await runDurableObjectAlarm(escalatorOf(incidentId))).toBe(false);
    expect(await receivedAt("alert-sms", incidentId)).toHaveLength(0);
    expect(await receivedAt("alert-email", incidentId)).toHaveLength(0);
    const log = await api(`/api/v1/workspaces/${ws}/notifications?incidentId=${incidentId}`, {
      token: user.accessToken,
    });
    expect(log.body.items.every((n: { step: number }) => n.step === 0)).toBe(true);

    const listed = await api(`/api/v1/workspaces/${ws}/incidents?status=acknowledged`, { token: user.accessToken });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([incidentId]);
    const resolved = await api(`/api/v1/workspaces/${ws}/incidents/${incidentId}/resolve`, {
      method: "POST",
      token: user.accessToken,
    });
    expect(resolved.body).toMatchObject({ status: "resolved", resolvedBy: user.userId });
    expectProblem(
      await api(`/api/v1/workspaces/${ws}/incidents/${incidentId}/ack`, { method: "POST", token: user.accessToken }),
      409,
      "incident_resolved",
    );
  });

  it("answers 404 to a caller outside the workspace, as for a missing one", async () => {
    const viewer = await registerUser("alert-nobody");
    const owner = await registerUser("alert-boss");
    const res = await api(`/api/v1/workspaces/${owner.workspaceId}/alerts/evaluate`, {
      method: "POST",
      token: viewer.accessToken,
    });
    expectProblem(res, 404, "not_found");
  });
});

describe("email without a relay", () => {
  it("goes through the platform mailer (the D1 outbox locally)", async () => {
    const { user, ws, channels } = await workspaceWithChannels("alert-mailer");
    const rule = await api(`/api/v1/workspaces/${ws}/alert-rules`, {
      token: user.accessToken,
      json: {
        name: "Spend via mail",
        metric: "spend_usd",
        threshold: 0.001,
        windowMinutes: 60,
        steps: [{ channelIds: [channels.email], waitMinutes: 5 }],
      },
    });
    const channel = await getChannel(env, ws, channels.email);
    const incident = {
      id: "inc_0000000000000000000000test",
      workspaceId: ws,
      ruleId: rule.body.id,
      status: "open" as const,
      metric: "spend_usd",
      value: 0.002,
      threshold: 0.001,
      step: 0,
      openedAt: new Date().toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      updatedAt: new Date().toISOString(),
    };
    const sent = await notifyChannel({ ...env, ALERT_EMAIL_URL: "" }, channel, {
      incident,
      rule: rule.body,
      workspace: { id: ws, name: "Mailer" },
      step: 0,
    });
    expect(sent).toMatchObject({ status: "delivered", kind: "email" });
    const row = await env.DB.prepare("SELECT recipient, subject FROM outbox WHERE workspace_id = ? AND related_id = ?")
      .bind(ws, incident.id)
      .first();
    expect(row).toEqual({
      recipient: expect.stringMatching(/^ops-.*@example\.test$/),
      subject: "[Zukai alert] Spend via mail",
    });
  });
});
