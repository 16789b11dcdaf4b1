import { createRouter } from "../../lib/router";
import * as handlers from "./invitations.handlers";
import * as routes from "./invitations.routes";

export const invitationsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.revoke, handlers.revoke)
  .openapi(routes.resend, handlers.resend)
  .openapi(routes.accept, handlers.accept)
  .openapi(routes.decline, handlers.decline);
