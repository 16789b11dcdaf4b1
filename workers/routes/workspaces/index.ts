import { createRouter } from "../../lib/router";
import * as invitationsHandlers from "./invitations.handlers";
import * as invitationsRoutes from "./invitations.routes";
import * as lifecycleHandlers from "./lifecycle.handlers";
import * as lifecycle from "./lifecycle.routes";
import * as membersHandlers from "./members.handlers";
import * as membersRoutes from "./members.routes";
import * as projectsHandlers from "./projects.handlers";
import * as projectsRoutes from "./projects.routes";
import * as rolesHandlers from "./roles.handlers";
import * as rolesRoutes from "./roles.routes";
import * as handlers from "./workspaces.handlers";
import * as routes from "./workspaces.routes";

export const workspacesRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.webhookSecret, handlers.webhookSecret)
  .openapi(lifecycle.update, lifecycleHandlers.update)
  .openapi(lifecycle.remove, lifecycleHandlers.remove)
  .openapi(lifecycle.restore, lifecycleHandlers.restore);

export const membersRouter = createRouter()
  .openapi(membersRoutes.list, membersHandlers.list)
  .openapi(membersRoutes.changeRole, membersHandlers.changeRole)
  .openapi(membersRoutes.remove, membersHandlers.remove)
  .openapi(membersRoutes.leave, membersHandlers.leave)
  .openapi(membersRoutes.transferOwnership, membersHandlers.transfer);

export const rolesRouter = createRouter()
  .openapi(rolesRoutes.list, rolesHandlers.list)
  .openapi(rolesRoutes.create, rolesHandlers.create)
  .openapi(rolesRoutes.get, rolesHandlers.get)
  .openapi(rolesRoutes.update, rolesHandlers.update)
  .openapi(rolesRoutes.remove, rolesHandlers.remove);

export const invitationsRouter = createRouter()
  .openapi(invitationsRoutes.create, invitationsHandlers.create)
  .openapi(invitationsRoutes.list, invitationsHandlers.list)
  .openapi(invitationsRoutes.revoke, invitationsHandlers.revoke)
  .openapi(invitationsRoutes.resend, invitationsHandlers.resend)
  .openapi(invitationsRoutes.accept, invitationsHandlers.accept)
  .openapi(invitationsRoutes.decline, invitationsHandlers.decline);

export const projectsRouter = createRouter()
  .openapi(projectsRoutes.create, projectsHandlers.create)
  .openapi(projectsRoutes.list, projectsHandlers.list)
  .openapi(projectsRoutes.get, projectsHandlers.get)
  .openapi(projectsRoutes.update, projectsHandlers.update)
  .openapi(projectsRoutes.remove, projectsHandlers.remove);
