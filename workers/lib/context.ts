/** The typed Hono context every route and middleware shares. */
import type { IdempotencyClaim } from "../middleware/idempotency-store";
import type { Permission } from "../workspaces/permissions";

/** Who is calling: a signed-in user, or a workspace API key acting with its own role. */
export type Principal =
  | { kind: "user"; userId: string; sessionId: string }
  | { kind: "apiKey"; keyId: string; workspaceId: string; role: string; userId: string };

/** The workspace a request acts in, and what the caller may do there. */
export interface Membership {
  workspaceId: string;
  role: string;
  permissions: ReadonlySet<Permission>;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal;
    membership: Membership;
    /** The request's claimed Idempotency-Key and the id its job gets (workers/middleware/idempotency.ts). */
    idempotency?: IdempotencyClaim;
  };
}
