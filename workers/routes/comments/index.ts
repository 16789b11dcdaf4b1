import { createRouter } from "../../lib/router";
import * as handlers from "./comments.handlers";
import * as routes from "./comments.routes";

export const commentsRouter = createRouter()
  .openapi(routes.createOnProject, handlers.createOnProject)
  .openapi(routes.listOnProject, handlers.listOnProject)
  .openapi(routes.createOnDiagram, handlers.createOnDiagram)
  .openapi(routes.listOnDiagram, handlers.listOnDiagram)
  .openapi(routes.remove, handlers.remove);
