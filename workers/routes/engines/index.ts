import { createRouter } from "../../lib/router";
import * as handlers from "./engines.handlers";
import * as routes from "./engines.routes";

export const enginesRouter = createRouter().openapi(routes.list, handlers.list);
