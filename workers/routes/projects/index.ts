import { createRouter } from "../../lib/router";
import * as handlers from "./projects.handlers";
import * as routes from "./projects.routes";

export const projectsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
