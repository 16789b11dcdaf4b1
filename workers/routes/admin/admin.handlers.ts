import { setEnterpriseTerms as setTerms } from "../../billing/enterprise";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import { deadLetterCount, listDeadJobs as listDead, replayDeadJob as replay } from "../../pipeline/dead-jobs";
import { runnerPool } from "../../runners/pool";
import type * as routes from "./admin.routes";

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 100) / 100;
  try {
    await check();
    return { ok: true, latencyMs: latency() };
  } catch (error) {
    return { ok: false, latencyMs: latency(), error: String(error).slice(0, 200) };
  }
}

export const status: AppRouteHandler<typeof routes.status> = async (c) => {
  const now = Date.now();
  const [pool, d1, r2, queue, pending] = await Promise.all([
    runnerPool(c.env, true),
    timed(() => c.env.DB.prepare("SELECT 1").first()),
    timed(() => c.env.MEDIA.list({ limit: 1, prefix: "status/" })),
    c.env.DB.prepare("SELECT count(*) AS n, min(updated_at) AS oldest FROM jobs WHERE status = 'queued'").first<{
      n: number;
      oldest: string | null;
    }>(),
    deadLetterCount(c.env),
  ]);
  const healthy = pool.runners.filter((r) => r.up);
  return c.json(
    {
      at: new Date(now).toISOString(),
      runners: {
        mode: pool.mode,
        healthy: healthy.length,
        total: pool.runners.length,
        busy: healthy.filter((r) => r.activeJobs > 0).length,
        items: pool.runners,
      },
      queue: {
        depth: queue?.n ?? 0,
        oldestAgeSeconds: queue?.oldest ? Math.max(0, Math.round((now - Date.parse(queue.oldest)) / 1000)) : 0,
      },
      deadJobs: { pending },
      dependencies: { d1, r2 },
    },
    200,
  );
};

export const listDeadJobs: AppRouteHandler<typeof routes.listDeadJobs> = async (c) => {
  const { limit, cursor, state } = c.req.valid("query");
  const rows = await listDead(c.env, state === "pending", limit, decodeCursor(cursor));
  return c.json(toPage(rows, limit), 200);
};

export const replayDeadJob: AppRouteHandler<typeof routes.replayDeadJob> = async (c) => {
  const replayed = await replay(c.env, c.req.valid("param").id);
  return c.json(replayed, 202, { Location: `/api/v1/jobs/${replayed.jobId}` });
};

export const setEnterpriseTerms: AppRouteHandler<typeof routes.setEnterpriseTerms> = async (c) => {
  const { terms, cycle, currency } = c.req.valid("json");
  return c.json(await setTerms(c.env, c.req.valid("param").id, terms, { cycle, currency }), 200);
};
