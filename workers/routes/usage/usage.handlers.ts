import { loadBillingAccount } from "../../billing/account";
import type { Window } from "../../billing/periods";
import { usageMonthAt } from "../../billing/periods";
import { badRequest, notFound } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import { isoNow } from "../../lib/time";
import { METER_UNITS, toCloudEvent } from "../../usage/cloudevents";
import { listUsageEvents, meterTotals } from "../../usage/ledger";
import type * as routes from "./usage.routes";

const MAX_RANGE_MS = 366 * 86_400_000;
const PAGE = 500;

/** The requested window, defaulting to the current usage month; 400 for an empty or too long one. */
async function windowOf(env: Env, workspaceId: string, query: { from?: string; to?: string }): Promise<Window> {
  const account = await loadBillingAccount(env, workspaceId);
  if (!account) throw notFound("workspace");
  const month = usageMonthAt(account.periodStart, account.cycle, isoNow());
  const from = query.from ? new Date(query.from).toISOString() : month.from;
  const to = query.to ? new Date(query.to).toISOString() : month.to;
  if (from >= to) throw badRequest("invalid_range", "`from` must be before `to`.");
  if (Date.parse(to) - Date.parse(from) > MAX_RANGE_MS)
    throw badRequest("range_too_long", "Ask for at most 366 days at a time.");
  return { from, to };
}

export const summary: AppRouteHandler<typeof routes.summary> = async (c) => {
  const { workspaceId } = c.get("membership");
  const query = c.req.valid("query");
  const window = await windowOf(c.env, workspaceId, query);
  const totals = await meterTotals(c.env, workspaceId, window, query.meter);
  return c.json(
    {
      workspaceId,
      ...window,
      meters: totals.map((t) => ({
        meter: t.meter,
        quantity: t.milli / 1000,
        unit: METER_UNITS[t.meter] ?? "unit",
        events: t.events,
      })),
    },
    200,
  );
};

export const events: AppRouteHandler<typeof routes.events> = async (c) => {
  const { workspaceId } = c.get("membership");
  const query = c.req.valid("query");
  const window = await windowOf(c.env, workspaceId, query);
  const env = c.env;
  const encoder = new TextEncoder();
  let after: { occurredAt: string; id: string } | undefined;
  let done = false;
  // Pages are read as the client consumes them, so a long export never sits in memory whole.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const page = await listUsageEvents(env, workspaceId, window, { meter: query.meter, after, limit: PAGE });
      if (page.length > 0)
        controller.enqueue(encoder.encode(`${page.map((e) => JSON.stringify(toCloudEvent(e))).join("\n")}\n`));
      const last = page.at(-1);
      if (page.length < PAGE || !last) done = true;
      else after = { occurredAt: last.occurredAt, id: last.id };
    },
  });
  return c.body(body, 200, { "Content-Type": "application/x-ndjson; charset=utf-8" }) as never;
};
