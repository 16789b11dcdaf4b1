import { createRouter } from "../../lib/router";
import * as handlers from "./exports.handlers";
import * as routes from "./exports.routes";

export const exportsRouter = createRouter()
  .openapi(routes.restore, handlers.restore)
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.bundle, handlers.bundle);
