import { createRouter } from "../../lib/router";
import * as handlers from "./dashboards.handlers";
import * as routes from "./dashboards.routes";
import * as opsHandlers from "./ops.handlers";
import * as opsRoutes from "./ops.routes";

export const dashboardsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);

export const opsRouter = createRouter().openapi(opsRoutes.summary, opsHandlers.summary);
