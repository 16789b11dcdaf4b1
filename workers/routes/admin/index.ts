import { createRouter } from "../../lib/router";
import * as handlers from "./admin.handlers";
import * as routes from "./admin.routes";

export const adminRouter = createRouter()
  .openapi(routes.status, handlers.status)
  .openapi(routes.listDeadJobs, handlers.listDeadJobs)
  .openapi(routes.replayDeadJob, handlers.replayDeadJob)
  .openapi(routes.setEnterpriseTerms, handlers.setEnterpriseTerms);
