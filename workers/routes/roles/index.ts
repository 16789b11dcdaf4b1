import { createRouter } from "../../lib/router";
import * as handlers from "./roles.handlers";
import * as routes from "./roles.routes";

export const rolesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
