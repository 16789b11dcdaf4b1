import { createRouter } from "../../lib/router";
import * as handlers from "./audit.handlers";
import * as routes from "./audit.routes";

export const auditRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.exportLog, handlers.exportLog)
  .openapi(routes.verify, handlers.verify);
