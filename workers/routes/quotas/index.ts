import { createRouter } from "../../lib/router";
import * as handlers from "./quotas.handlers";
import * as routes from "./quotas.routes";

export const quotaRouter = createRouter().openapi(routes.get, handlers.get);
