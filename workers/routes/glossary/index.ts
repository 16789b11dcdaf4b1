import { createRouter } from "../../lib/router";
import * as handlers from "./glossary.handlers";
import * as routes from "./glossary.routes";

export const glossaryRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
