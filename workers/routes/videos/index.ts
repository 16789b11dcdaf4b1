import { createRouter } from "../../lib/router";
import * as handlers from "./videos.handlers";
import * as routes from "./videos.routes";

export const videosRouter = createRouter()
  .openapi(routes.generate, handlers.generate)
  .openapi(routes.get, handlers.get);
