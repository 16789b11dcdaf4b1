import { availableEngines } from "../../engines/engines";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./engines.routes";

export const list: AppRouteHandler<typeof routes.list> = async (c) => c.json(await availableEngines(c.env), 200);
