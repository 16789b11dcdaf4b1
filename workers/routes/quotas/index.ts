import { createRouter } from "../../lib/router";
import * as handlers from "./quotas.handlers";
import * as routes from "./quotas.routes";

export const quotasRouter = createRouter().openapi(routes.get, handlers.get);
