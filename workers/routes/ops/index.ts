import { createRouter } from "../../lib/router";
import * as handlers from "./ops.handlers";
import * as routes from "./ops.routes";

export const opsRouter = createRouter().openapi(routes.summary, handlers.summary);
