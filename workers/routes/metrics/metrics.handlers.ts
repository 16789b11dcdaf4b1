import type { AppRouteHandler } from "../../lib/router";
import { scrapeMetrics } from "../../metrics/scrape";
import type * as routes from "./metrics.routes";

export const scrape: AppRouteHandler<typeof routes.scrape> = async (c) => {
  const body = await scrapeMetrics(c.env);
  return c.text(body, 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" });
};
