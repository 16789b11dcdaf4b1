import { createRouter } from "../../lib/router";
import * as handlers from "./transcripts.handlers";
import * as routes from "./transcripts.routes";

export const transcriptsRouter = createRouter().openapi(routes.get, handlers.get);
