import {
  decodeSeqCursor,
  listAuditEntries,
  toAuditResource,
  verifyAuditChain,
  walkAuditEntries,
} from "../../audit/query";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./audit.routes";

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { limit, cursor, ...filter } = c.req.valid("query");
  const page = await listAuditEntries(c.env, c.get("membership").workspaceId, filter, limit, decodeSeqCursor(cursor));
  return c.json({ items: page.items.map(toAuditResource), nextCursor: page.nextCursor }, 200);
};

export const exportLog: AppRouteHandler<typeof routes.exportLog> = async (c) => {
  const workspaceId = c.get("membership").workspaceId;
  const entries = walkAuditEntries(c.env, workspaceId, c.req.valid("query"));
  const encoder = new TextEncoder();
  // Streamed a page at a time, so a long log never sits whole in memory.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await entries.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(toAuditResource(next.value))}\n`));
    },
  });
  // A streamed body has no typed-response form in Hono; the route declares it as NDJSON text.
  return c.body(body, 200, {
    "Content-Type": "application/x-ndjson",
    "Content-Disposition": `attachment; filename="audit-log-${workspaceId}.ndjson"`,
  }) as never;
};

export const verify: AppRouteHandler<typeof routes.verify> = async (c) => {
  const workspaceId = c.get("membership").workspaceId;
  const hub = c.env.WORKSPACE_HUB.get(c.env.WORKSPACE_HUB.idFromName(workspaceId));
  const result = await verifyAuditChain(c.env, workspaceId, await hub.auditTail());
  return c.json(result, 200);
};
