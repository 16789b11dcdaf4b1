import { createRouter } from "../../lib/router";
import * as handlers from "./audit-log.handlers";
import * as routes from "./audit-log.routes";

export const auditLogRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.exportLog, handlers.exportLog)
  .openapi(routes.verify, handlers.verify);
