import { createRouter } from "../../lib/router";
import * as handlers from "./pipelines.handlers";
import * as routes from "./pipelines.routes";

export const pipelinesRouter = createRouter().openapi(routes.create, handlers.create);
