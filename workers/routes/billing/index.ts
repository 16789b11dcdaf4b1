import { createRouter } from "../../lib/router";
import * as handlers from "./billing.handlers";
import * as routes from "./billing.routes";

export const billingRouter = createRouter()
  .openapi(routes.plans, handlers.plans)
  .openapi(routes.account, handlers.account)
  .openapi(routes.invoicePreview, handlers.invoicePreview)
  .openapi(routes.changePlan, handlers.changePlan);
