import { createRouter } from "../../lib/router";
import * as apiKeysHandlers from "./api-keys.handlers";
import * as apiKeysRoutes from "./api-keys.routes";
import * as handlers from "./auth.handlers";
import * as routes from "./auth.routes";

export const authRouter = createRouter()
  .openapi(routes.register, handlers.register)
  .openapi(routes.login, handlers.login)
  .openapi(routes.sso, handlers.sso)
  .openapi(routes.ssoLink, handlers.ssoLink)
  .openapi(routes.requestEmailVerification, handlers.requestEmailVerification)
  .openapi(routes.confirmEmailVerification, handlers.confirmEmailVerification)
  .openapi(routes.refresh, handlers.refresh)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.me, handlers.me);

export const apiKeysRouter = createRouter()
  .openapi(apiKeysRoutes.create, apiKeysHandlers.create)
  .openapi(apiKeysRoutes.list, apiKeysHandlers.list)
  .openapi(apiKeysRoutes.revoke, apiKeysHandlers.revoke);
