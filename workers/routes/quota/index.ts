import { createRouter } from "../../lib/router";
import * as handlers from "./quota.handlers";
import * as routes from "./quota.routes";

export const quotaRouter = createRouter().openapi(routes.get, handlers.get);
