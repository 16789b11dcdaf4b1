import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../../lib/openapi";
import { requireOperatorToken } from "../../middleware/operator-token";

export const scrape = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["Operations"],
  summary: "Prometheus metrics of the whole platform (text exposition format 0.0.4)",
  description:
    "Counters are aggregated across every isolate through sharded Durable Objects; queue, job, workspace and runner figures are read at scrape time. Protected by the METRICS_TOKEN deployment secret (bearer).",
  security: [{ operatorToken: [] }],
  middleware: [requireOperatorToken("METRICS_TOKEN")],
  responses: {
    200: { description: "The exposition", content: { "text/plain": { schema: z.string() } } },
    ...problems(401),
  },
});
