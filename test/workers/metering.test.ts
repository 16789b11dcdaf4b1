/**
 * Metering and billing: duplicate queue deliveries and retries leave one ledger row; storage
 * accrues once per hour; API calls are counted in the rate limiter and flushed per minute;
 * invoice previews for every plan match invoices computed by hand, to the cent and the yen;
 * plan changes prorate, schedule downgrades and land in the audit log; CloudEvents export.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  runDurableObjectAlarm,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { runBillingHousekeeping } from "../../workers/billing/housekeeping";
import { consumeJobBatch } from "../../workers/pipeline/queue-consumer";
import type { UsageEvent } from "../../workers/usage/ledger";
import { api, expectProblem, registerUser, type TestUser, waitForJob } from "./helpers";
import { putEnterpriseTerms } from "./operator";
import { recordUsage } from "./usage-helpers";

const SENTENCE =
  "First we collect the recordings from every team. Then we transcribe what was said. Next we analyse the structure. Finally we draw the diagram.";
const LONG_TEXT = Array.from({ length: 45 }, (_, i) => `Step ${i + 1}: ${SENTENCE}`).join(" ");

let counter = 0;
/** Records events of this month as the stages would (each with its own id). */
async function use(workspaceId: string, usage: Partial<Record<UsageEvent["meter"], number>>) {
  for (const [meter, quantity] of Object.entries(usage)) {
    await recordUsage(env, {
      id: `use_t${++counter}_${workspaceId}`,
      workspaceId,
      jobId: null,
      meter: meter as UsageEvent["meter"],
      quantity: quantity!,
      occurredAt: new Date().toISOString(),
    });
  }
}

const preview = (user: TestUser) =>
  api(`/api/v1/workspaces/${user.workspaceId}/billing/invoice-preview`, { token: user.accessToken });
const choosePlan = (user: TestUser, body: object) =>
  api(`/api/v1/workspaces/${user.workspaceId}/billing/plan`, { token: user.accessToken, json: body });
const ledgerRows = async (jobId: string) =>
  (
    await env.DB.prepare("SELECT meter, COUNT(*) AS n FROM usage_events WHERE job_id = ? GROUP BY meter")
      .bind(jobId)
      .all<{ meter: string; n: number }>()
  ).results;

describe("the usage ledger is idempotent", () => {
  it("duplicate deliveries and a retried stage of a finished job add no second row", async () => {
    const user = await registerUser("m-dup");
    const res = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: LONG_TEXT } });
    expect(res.status).toBe(202);
    const job = await waitForJob(user.accessToken, res.body.id);
    expect(job.status).toBe("succeeded");
    expect(await ledgerRows(job.id)).toEqual([{ meter: "diagrams", n: 1 }]);
    // The queue delivers both stages again, twice each, in one batch (at-least-once delivery).
    const body = (stage: string) => ({ type: "stage", jobId: job.id, workspaceId: user.workspaceId, stage });
    const batch = createMessageBatch("zukai-jobs", [
      { id: "d1", timestamp: new Date(), attempts: 1, body: body("analysis") },
      { id: "d2", timestamp: new Date(), attempts: 2, body: body("visualization") },
      { id: "d3", timestamp: new Date(), attempts: 3, body: body("visualization") },
    ]);
    const ctx = createExecutionContext();
    await consumeJobBatch(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["d1", "d2", "d3"]);
    expect(await ledgerRows(job.id)).toEqual([{ meter: "diagrams", n: 1 }]);
  });

  it("an event recorded twice under its id is one row", async () => {
    const user = await registerUser("m-id");
    const event: UsageEvent = {
      id: `use_once_${user.workspaceId}`,
      workspaceId: user.workspaceId,
      jobId: null,
      meter: "audio_seconds",
      quantity: 12.5,
      occurredAt: new Date().toISOString(),
    };
    expect(await Promise.all([recordUsage(env, event), recordUsage(env, event)])).toEqual(
      expect.arrayContaining([true, false]),
    );
    const usage = await api(`/api/v1/workspaces/${user.workspaceId}/usage?meter=audio_seconds`, {
      token: user.accessToken,
    });
    expect(usage.body.meters).toEqual([{ meter: "audio_seconds", quantity: 12.5, unit: "second", events: 1 }]);
  });

  it("storage accrues GB-hours once per hour however often the cron runs", async () => {
    const user = await registerUser("m-storage");
    const drawn = await api("/api/v1/generate-diagram", { token: user.accessToken, json: { text: SENTENCE } });
    expect(drawn.status).toBe(201);
    const bytes = (await env.DB.prepare("SELECT SUM(size) AS b FROM artifacts WHERE workspace_id = ?")
      .bind(user.workspaceId)
      .first<{ b: number }>())!.b;
    // Two cron runs in the same hour (at :01 and :50).
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await runBillingHousekeeping(env, hour + 60_000);
    await runBillingHousekeeping(env, hour + 50 * 60_000);
    const rows = await env.DB.prepare(
      "SELECT quantity, occurred_at FROM usage_events WHERE workspace_id = ? AND meter = 'storage_gb_hours'",
    )
      .bind(user.workspaceId)
      .all<{ quantity: number }>();
    expect(rows.results.length).toBe(1);
    expect(rows.results[0]!.quantity).toBeCloseTo(bytes / 1e9, 12);
  });

  it("API calls are counted per minute by the workspace's limiter and flushed once", async () => {
    const user = await registerUser("m-api");
    for (let i = 0; i < 4; i++)
      expect((await api(`/api/v1/workspaces/${user.workspaceId}`, { token: user.accessToken })).status).toBe(200);
    // Wait for the minute to end, then run the flush (twice: the second adds nothing).
    await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50));
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`ws:${user.workspaceId}`));
    await runDurableObjectAlarm(limiter);
    await runDurableObjectAlarm(limiter);
    const calls = await env.DB.prepare(
      "SELECT SUM(quantity) AS n, COUNT(*) AS rows FROM usage_events WHERE workspace_id = ? AND meter = 'api_calls'",
    )
      .bind(user.workspaceId)
      .first<{ n: number; rows: number }>();
    expect(calls!.n).toBe(4);
  }, 90_000);
});

describe("invoice previews match hand-computed invoices", () => {
  it("free: no fee and no overage, included amounts shown", async () => {
    const user = await registerUser("m-free");
    await use(user.workspaceId, { audio_seconds: 1800, diagrams: 10, render_seconds_720p: 100.5 });
    const res = await preview(user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: "free", currency: "usd", totalMinor: 0, totalDisplay: "$0.00" });
    expect(res.body.lines.map((l: any) => [l.meter, l.quantity, l.included, l.overage, l.amountMinor])).toEqual([
      ["audio_seconds", 1800, 3600, 0, 0],
      ["diagrams", 10, 50, 0, 0],
      ["render_seconds_720p", 100.5, 600, 0, 0],
    ]);
  });

  it("starter monthly (USD): $29 fee + overage rounded per line, half away from zero", async () => {
    const user = await registerUser("m-starter");
    const change = await choosePlan(user, { plan: "starter", cycle: "monthly" });
    expect(change.body).toMatchObject({ outcome: "upgraded", charges: [{ kind: "plan_fee", amountMinor: 2900 }] });
    await use(user.workspaceId, {
      audio_seconds: 19_234.5,
      diagrams: 503,
      render_seconds_720p: 3_625,
      render_seconds_1080p: 1_807.25,
    });
    const res = await preview(user);
    // audio 1234.5 s × 100 µ$ = 12.345¢ → 12 · diagrams 3 × 2000 µ$ = 0.6¢ → 1
    // 720p 25 s × 200 µ$ = 0.5¢ → 1 · 1080p 7.25 s × 400 µ$ = 0.29¢ → 0
    expect(res.body.lines.map((l: any) => [l.kind ?? l.meter, l.overage ?? null, l.amountMinor])).toEqual([
      ["plan_fee", null, 2900],
      ["audio_seconds", 1234.5, 12],
      ["diagrams", 3, 1],
      ["render_seconds_720p", 25, 1],
      ["render_seconds_1080p", 7.25, 0],
    ]);
    expect(res.body).toMatchObject({ totalMinor: 2914, totalDisplay: "$29.14", minorUnit: "cent" });
  });

  it("professional annual (USD): $990 fee + overage at 80% of list", async () => {
    const user = await registerUser("m-pro");
    expect((await choosePlan(user, { plan: "professional", cycle: "annual" })).body.outcome).toBe("upgraded");
    await use(user.workspaceId, { audio_seconds: 120_062.5, diagrams: 5_000, render_seconds_4k: 3_610 });
    const res = await preview(user);
    // audio 62.5 s × 80 µ$ = 0.5¢ → 1 · 4k 10 s × 1280 µ$ = 1.28¢ → 1
    expect(
      res.body.lines.filter((l: any) => l.amountMinor !== 0).map((l: any) => [l.kind ?? l.meter, l.amountMinor]),
    ).toEqual([
      ["plan_fee", 99_000],
      ["audio_seconds", 1],
      ["render_seconds_4k", 1],
    ]);
    expect(res.body).toMatchObject({ cycle: "annual", totalMinor: 99_002, totalDisplay: "$990.02" });
    const end = new Date(res.body.period.start);
    end.setUTCFullYear(end.getUTCFullYear() + 1);
    expect(res.body.period.end).toBe(end.toISOString());
  });

  it("enterprise (JPY, contract terms): ¥60,000 fee + overage at 60% of the yen list", async () => {
    const user = await registerUser("m-ent");
    await putEnterpriseTerms(
      user.workspaceId,
      { prices: { monthly: 60_000 }, included: { audio_seconds: 1_000 } },
      { currency: "jpy" },
    );
    await use(user.workspaceId, { audio_seconds: 1_100.25, diagrams: 50_001, render_seconds_720p: 361_000 });
    const res = await preview(user);
    // audio 100.25 s × 9,000 µ¥ = ¥0.90225 → 1 · diagrams 1 × 180,000 µ¥ = ¥0.18 → 0 · 720p 1000 s × 18,000 µ¥ = ¥18
    expect(res.body.lines.map((l: any) => [l.kind ?? l.meter, l.amountMinor])).toEqual([
      ["plan_fee", 60_000],
      ["audio_seconds", 1],
      ["diagrams", 0],
      ["render_seconds_720p", 18],
      ["render_seconds_1080p", 0],
      ["render_seconds_4k", 0],
    ]);
    expect(res.body).toMatchObject({
      plan: "enterprise",
      currency: "jpy",
      minorUnit: "yen",
      totalMinor: 60_019,
      totalDisplay: "¥60,019",
    });
  });
});

describe("plan changes", () => {
  it("upgrades prorate, downgrades wait for the period end, and both are audited", async () => {
    const user = await registerUser("m-change");
    await choosePlan(user, { plan: "starter", cycle: "monthly" });
    const up = await choosePlan(user, { plan: "professional", cycle: "monthly" });
    expect(up.status).toBe(200);
    const [credit, charge] = up.body.charges;
    expect(credit).toMatchObject({ kind: "proration_credit" });
    expect(charge).toMatchObject({ kind: "proration_charge" });
    // Nearly the whole period was left: the credit and the charge are each within a cent of the same share.
    const share = -credit.amountMinor / 2900;
    expect(Math.abs(charge.amountMinor - Math.round(9900 * share))).toBeLessThanOrEqual(1);
    expect(share).toBeGreaterThan(0.99);
    expect((await preview(user)).body.totalMinor).toBe(2900 + credit.amountMinor + charge.amountMinor);

    const down = await choosePlan(user, { plan: "starter", cycle: "monthly" });
    expect(down.body).toMatchObject({
      outcome: "scheduled",
      charges: [],
      account: { plan: "professional", pendingChange: { plan: "starter", cycle: "monthly" } },
    });
    const billing = await api(`/api/v1/workspaces/${user.workspaceId}/billing`, { token: user.accessToken });
    const periodEnd = billing.body.period.end;
    expect(billing.body.pendingChange.effectiveAt).toBe(periodEnd);

    // The cron at the period's end applies it and charges the new period's fee once.
    await runBillingHousekeeping(env, Date.parse(periodEnd) + 1000);
    await runBillingHousekeeping(env, Date.parse(periodEnd) + 2000);
    const after = await api(`/api/v1/workspaces/${user.workspaceId}/billing`, { token: user.accessToken });
    expect(after.body).toMatchObject({ plan: "starter", pendingChange: null, period: { start: periodEnd } });
    const fees = await env.DB.prepare(
      "SELECT amount_minor FROM billing_charges WHERE workspace_id = ? AND occurred_at = ?",
    )
      .bind(user.workspaceId, periodEnd)
      .all();
    expect(fees.results).toEqual([{ amount_minor: 2900 }]);

    const log = await api(`/api/v1/workspaces/${user.workspaceId}/audit-log?limit=50`, { token: user.accessToken });
    const actions = (log.body.items ?? []).map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["billing.plan_changed", "billing.plan_change_scheduled"]));
    expect(actions.filter((a: string) => a === "billing.plan_changed").length).toBe(3);
  });

  it("refuses enterprise self-serve, a currency switch on a paid plan, and callers without billing:manage", async () => {
    const user = await registerUser("m-refuse");
    expectProblem(await choosePlan(user, { plan: "enterprise", cycle: "monthly" }), 409, "contract_required");
    await choosePlan(user, { plan: "starter", cycle: "monthly" });
    expectProblem(
      await choosePlan(user, { plan: "professional", cycle: "monthly", currency: "jpy" }),
      409,
      "currency_locked",
    );
    expectProblem(await choosePlan(user, { plan: "galactic", cycle: "monthly" }), 422, "validation_failed");
    const key = await api(`/api/v1/workspaces/${user.workspaceId}/api-keys`, {
      token: user.accessToken,
      json: { name: "ci", role: "admin" },
    });
    const asAdmin = await api(`/api/v1/workspaces/${user.workspaceId}/billing/plan`, {
      token: key.body.key,
      json: { plan: "free", cycle: "monthly" },
    });
    expectProblem(asAdmin, 403, "forbidden");
    // Billing stays the owner's (issue 7); usage is readable by editors and above.
    expectProblem(
      await api(`/api/v1/workspaces/${user.workspaceId}/billing/invoice-preview`, { token: key.body.key }),
      403,
      "forbidden",
    );
    expect((await api(`/api/v1/workspaces/${user.workspaceId}/usage`, { token: key.body.key })).status).toBe(200);
  });
});

describe("export", () => {
  it("streams the ledger as CloudEvents 1.0 NDJSON, one event per row", async () => {
    const user = await registerUser("m-export");
    await use(user.workspaceId, { audio_seconds: 30, diagrams: 2 });
    const res = await fetchText(`/api/v1/workspaces/${user.workspaceId}/usage/events.ndjson`, user.accessToken);
    expect(res.contentType).toMatch(/^application\/x-ndjson/);
    const events = res.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.length).toBe(2);
    for (const event of events) {
      expect(event).toMatchObject({
        specversion: "1.0",
        source: `/workspaces/${user.workspaceId}`,
        subject: user.workspaceId,
        datacontenttype: "application/json",
        id: expect.stringMatching(/^use_/),
      });
      expect(event.type).toBe(`dev.zukai.usage.${event.data.meter}`);
    }
    expect(events.map((e) => [e.data.meter, e.data.value, e.data.unit]).sort()).toEqual([
      ["audio_seconds", 30, "second"],
      ["diagrams", 2, "diagram"],
    ]);
    const filtered = await fetchText(
      `/api/v1/workspaces/${user.workspaceId}/usage/events.ndjson?meter=diagrams`,
      user.accessToken,
    );
    expect(filtered.text.trim().split("\n").length).toBe(1);
    expectProblem(
      await api(`/api/v1/workspaces/${user.workspaceId}/usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`, {
        token: user.accessToken,
      }),
      400,
      "invalid_range",
    );
  });
});

async function fetchText(path: string, token: string) {
  const { SELF } = await import("cloudflare:test");
  const response = await SELF.fetch(`https://zukai.test${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    contentType: response.headers.get("Content-Type") ?? "",
    text: await response.text(),
  };
}
