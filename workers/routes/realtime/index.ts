import { createRouter } from "../../lib/router";
import * as handlers from "./realtime.handlers";
import * as routes from "./realtime.routes";

export const realtimeRouter = createRouter()
  .openapi(routes.socket, handlers.socket)
  .openapi(routes.ticket, handlers.ticket)
  .openapi(routes.events, handlers.events);
