/**
 * The edge API: middleware order, error envelope, OpenAPI document and docs page.
 * Order: request id → security headers → no-store default → analytics → (per route) rate limit / auth → workspace
 * → permission → body guard → handler.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./lib/context";
import { DOCS_PAGE } from "./lib/docs-page";
import { AppError, notFound, problemBody } from "./lib/errors";
import { recordProblem } from "./metrics/record";
import { recordRequest } from "./middleware/analytics";
import { noStoreByDefault } from "./middleware/cache-control";
import { requestId } from "./middleware/request-id";
import { explainRequestError } from "./quotas/refusals";
import { adminRouter } from "./routes/admin";
import { alertsRouter } from "./routes/alerts";
import { auditRouter } from "./routes/audit";
import { apiKeysRouter, authRouter } from "./routes/auth";
import { batchesRouter } from "./routes/batches";
import { billingRouter } from "./routes/billing";
import { commentsRouter } from "./routes/comments";
import { dashboardsRouter, opsRouter } from "./routes/dashboards";
import { diagramsRouter } from "./routes/diagrams";
import { enginesRouter } from "./routes/engines";
import { exportsRouter } from "./routes/exports";
import { glossaryRouter } from "./routes/glossary";
import { healthRouter } from "./routes/health";
import { pipelinesRouter, transcribeRouter } from "./routes/intake";
import { jobsRouter } from "./routes/jobs";
import { metricsRouter } from "./routes/metrics";
import { quotasRouter } from "./routes/quotas";
import { realtimeRouter } from "./routes/realtime";
import { transcriptsRouter } from "./routes/transcripts";
import { usageRouter } from "./routes/usage";
import { videosRouter } from "./routes/videos";
import { invitationsRouter, membersRouter, projectsRouter, rolesRouter, workspacesRouter } from "./routes/workspaces";

function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  recordProblem(c, error);
  const body = problemBody(error, new URL(c.req.url).pathname, c.get("requestId") ?? "");
  return c.json(body, error.status, { "Content-Type": "application/problem+json", ...error.headers });
}

/** Maps anything thrown to a problem document; unexpected errors are logged, never shown. */
function toAppError(error: unknown, requestIdValue: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /Malformed JSON/.test(error.message)) {
      return new AppError(400, "malformed_json", "Malformed JSON", "The request body is not valid JSON.");
    }
    return new AppError(error.status as AppError["status"], "http_error", error.message || "Error", error.message);
  }
  // Every foreign key points at a workspace (or a user): a write refused by one means the
  // workspace was purged while this isolate still had its membership cached (5 s).
  // drizzle wraps D1's error: the constraint's message is on the cause.
  if (/FOREIGN KEY constraint failed/.test(`${String(error)} ${String((error as { cause?: unknown })?.cause)}`))
    return notFound("workspace");
  console.error(
    JSON.stringify({
      event: "unhandled_error",
      requestId: requestIdValue,
      error: String(error),
      stack: (error as Error)?.stack,
    }),
  );
  return new AppError(
    500,
    "internal_error",
    "Internal error",
    "Something went wrong on our side; the request id identifies it.",
  );
}

/** Builds the whole API application. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", requestId());
  app.use("*", secureHeaders({ crossOriginResourcePolicy: "same-site" }));
  // Tokens, keys, secrets and tenant data in answers: no cache keeps them unless a handler says so.
  app.use("*", noStoreByDefault());
  app.use("/api/*", recordRequest());

  app.route("/", healthRouter);
  app.route("/", authRouter);
  app.route("/", workspacesRouter);
  app.route("/", membersRouter);
  app.route("/", invitationsRouter);
  app.route("/", apiKeysRouter);
  app.route("/", rolesRouter);
  app.route("/", glossaryRouter);
  app.route("/", auditRouter);
  app.route("/", projectsRouter);
  app.route("/", commentsRouter);
  app.route("/", transcribeRouter);
  app.route("/", enginesRouter);
  app.route("/", jobsRouter);
  app.route("/", transcriptsRouter);
  app.route("/", realtimeRouter);
  app.route("/", diagramsRouter);
  app.route("/", pipelinesRouter);
  app.route("/", videosRouter);
  app.route("/", batchesRouter);
  app.route("/", billingRouter);
  app.route("/", quotasRouter);
  app.route("/", usageRouter);
  app.route("/", alertsRouter);
  app.route("/", exportsRouter);
  app.route("/", dashboardsRouter);
  app.route("/", opsRouter);
  app.route("/", metricsRouter);
  app.route("/", adminRouter);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A Zukai access token from /api/v1/auth/login, /register, /refresh or /sso.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "operatorToken", {
    type: "http",
    scheme: "bearer",
    description: "A deployment secret for operators: METRICS_TOKEN for /metrics, ADMIN_TOKEN for /api/v1/admin/*.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A workspace API key (zk_…), sent as a bearer token.",
  });
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Zukai API",
      version: "1.0.0",
      description: "Audio → transcript → 図解 diagram → explainer video. Errors are RFC 9457 problem documents.",
    },
    servers: [{ url: "/" }],
  });
  app.get("/docs", (c) => c.html(DOCS_PAGE));

  app.notFound((c) =>
    problemResponse(
      c,
      new AppError(404, "route_not_found", "Not found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
    ),
  );
  // A D1 quota trigger's refusal becomes a 402 naming the quota (workers/quotas/refusals.ts).
  app.onError(async (error, c) =>
    problemResponse(c, toAppError(await explainRequestError(c, error), c.get("requestId") ?? "")),
  );
  return app;
}
