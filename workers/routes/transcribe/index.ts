import { createRouter } from "../../lib/router";
import * as handlers from "./transcribe.handlers";
import * as routes from "./transcribe.routes";

export const transcribeRouter = createRouter().openapi(routes.transcribe, handlers.transcribe);
