import { createRouter } from "../../lib/router";
import * as handlers from "./batch.handlers";
import * as routes from "./batch.routes";

export const batchRouter = createRouter().openapi(routes.create, handlers.create).openapi(routes.get, handlers.get);
