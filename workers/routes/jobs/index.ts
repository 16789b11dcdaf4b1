import { createRouter } from "../../lib/router";
import * as handlers from "./jobs.handlers";
import * as routes from "./jobs.routes";

export const jobsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.cancel, handlers.cancel);
