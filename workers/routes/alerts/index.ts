import { createRouter } from "../../lib/router";
import * as alerts from "./alerts.handlers";
import * as alertRoutes from "./alerts.routes";
import * as incidents from "./incidents.handlers";
import * as incidentRoutes from "./incidents.routes";

export const alertsRouter = createRouter()
  .openapi(alertRoutes.createChannel, alerts.createChannel)
  .openapi(alertRoutes.listChannels, alerts.listChannels)
  .openapi(alertRoutes.getChannel, alerts.getChannel)
  .openapi(alertRoutes.deleteChannel, alerts.deleteChannel)
  .openapi(alertRoutes.createRule, alerts.createRule)
  .openapi(alertRoutes.listRules, alerts.listRules)
  .openapi(alertRoutes.getRule, alerts.getRule)
  .openapi(alertRoutes.updateRule, alerts.updateRule)
  .openapi(alertRoutes.deleteRule, alerts.deleteRule)
  .openapi(incidentRoutes.evaluate, incidents.evaluate)
  .openapi(incidentRoutes.listIncidents, incidents.listIncidents)
  .openapi(incidentRoutes.getIncident, incidents.getIncident)
  .openapi(incidentRoutes.acknowledge, incidents.acknowledge)
  .openapi(incidentRoutes.resolve, incidents.resolve)
  .openapi(incidentRoutes.listNotifications, incidents.listNotifications);
