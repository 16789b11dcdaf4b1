import { createRouter } from "../../lib/router";
import * as lifecycleHandlers from "./lifecycle.handlers";
import * as lifecycle from "./lifecycle.routes";
import * as handlers from "./workspaces.handlers";
import * as routes from "./workspaces.routes";

export const workspacesRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.webhookSecret, handlers.webhookSecret)
  .openapi(lifecycle.update, lifecycleHandlers.update)
  .openapi(lifecycle.remove, lifecycleHandlers.remove)
  .openapi(lifecycle.restore, lifecycleHandlers.restore);
