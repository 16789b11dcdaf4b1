import { createRouter } from "../../lib/router";
import * as handlers from "./members.handlers";
import * as routes from "./members.routes";

export const membersRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.changeRole, handlers.changeRole)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.leave, handlers.leave)
  .openapi(routes.transferOwnership, handlers.transfer);
