import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./health.routes";

interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      error: String(error).slice(0, 200),
    };
  }
}

export const healthz: AppRouteHandler<typeof routes.healthz> = (c) => c.json({ status: "ok" as const }, 200);

export const readyz: AppRouteHandler<typeof routes.readyz> = async (c) => {
  const [d1, r2, queue] = await Promise.all([
    timed(() => c.env.DB.prepare("SELECT 1").first()),
    timed(() => c.env.MEDIA.list({ limit: 1, prefix: "readyz/" })),
    // A queue binding has no read call; a probe message (acknowledged and dropped by the
    // consumer) proves that the producer path works.
    timed(() => c.env.JOBS.send({ type: "probe", at: new Date().toISOString() })),
  ]);
  const ready = d1.ok && r2.ok && queue.ok;
  const body = { status: ready ? ("ready" as const) : ("unavailable" as const), checks: { d1, r2, queue } };
  return ready ? c.json(body, 200) : c.json(body, 503);
};
