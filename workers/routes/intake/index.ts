import { createRouter } from "../../lib/router";
import * as pipelinesHandlers from "./pipelines.handlers";
import * as pipelinesRoutes from "./pipelines.routes";
import * as transcribeHandlers from "./transcribe.handlers";
import * as transcribeRoutes from "./transcribe.routes";

export const transcribeRouter = createRouter().openapi(transcribeRoutes.transcribe, transcribeHandlers.transcribe);

export const pipelinesRouter = createRouter().openapi(pipelinesRoutes.create, pipelinesHandlers.create);
