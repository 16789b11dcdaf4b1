import { createRouter } from "../../lib/router";
import * as handlers from "./batches.handlers";
import * as routes from "./batches.routes";

export const batchesRouter = createRouter().openapi(routes.create, handlers.create).openapi(routes.get, handlers.get);
