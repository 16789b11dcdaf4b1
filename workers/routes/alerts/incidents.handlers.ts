import { stopEscalation } from "../../alerts/escalator-client";
import { evaluateWorkspaceAlerts } from "../../alerts/evaluate";
import * as incidents from "../../alerts/incidents";
import { requestAuditBody } from "../../audit/record";
import type { Principal } from "../../lib/context";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./incidents.routes";

/** Who acknowledged or resolved: the user, or the API key that did it. */
const actorId = (principal: Principal) => (principal.kind === "apiKey" ? principal.keyId : principal.userId);

export const evaluate: AppRouteHandler<typeof routes.evaluate> = async (c) => {
  return c.json({ results: await evaluateWorkspaceAlerts(c.env, c.get("membership").workspaceId) }, 200);
};

export const listIncidents: AppRouteHandler<typeof routes.listIncidents> = async (c) => {
  const { limit, cursor, status } = c.req.valid("query");
  const rows = await incidents.listIncidents(
    c.env,
    c.get("membership").workspaceId,
    limit,
    decodeCursor(cursor),
    status ? [status] : undefined,
  );
  return c.json(toPage(rows, limit), 200);
};

export const getIncident: AppRouteHandler<typeof routes.getIncident> = async (c) => {
  return c.json(
    await incidents.getIncident(c.env, c.get("membership").workspaceId, c.req.valid("param").incidentId),
    200,
  );
};

export const acknowledge: AppRouteHandler<typeof routes.acknowledge> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { incidentId } = c.req.valid("param");
  // The entry is written with the change, only by the request that moved the incident.
  const { after } = await incidents.acknowledgeIncident(
    c.env,
    workspaceId,
    incidentId,
    actorId(c.get("principal")),
    ({ before, after }) =>
      requestAuditBody(c, workspaceId, {
        action: "incident.acknowledge",
        target: { type: "incident", id: incidentId },
        before,
        after,
      }),
  );
  await stopEscalation(c.env, incidentId);
  return c.json(after, 200);
};

export const resolve: AppRouteHandler<typeof routes.resolve> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { incidentId } = c.req.valid("param");
  const { after } = await incidents.resolveIncident(
    c.env,
    workspaceId,
    incidentId,
    actorId(c.get("principal")),
    ({ before, after }) =>
      requestAuditBody(c, workspaceId, {
        action: "incident.resolve",
        target: { type: "incident", id: incidentId },
        before,
        after,
      }),
  );
  await stopEscalation(c.env, incidentId);
  return c.json(after, 200);
};

export const listNotifications: AppRouteHandler<typeof routes.listNotifications> = async (c) => {
  const { limit, cursor, incidentId } = c.req.valid("query");
  const rows = await incidents.listNotifications(
    c.env,
    c.get("membership").workspaceId,
    limit,
    decodeCursor(cursor),
    incidentId,
  );
  return c.json(toPage(rows, limit), 200);
};
