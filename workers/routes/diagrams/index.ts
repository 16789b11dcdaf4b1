import { createRouter } from "../../lib/router";
import * as handlers from "./diagrams.handlers";
import * as routes from "./diagrams.routes";

export const diagramsRouter = createRouter()
  .openapi(routes.generate, handlers.generate)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update);
