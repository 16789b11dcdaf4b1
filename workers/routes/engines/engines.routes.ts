import { createRoute, z } from "@hono/zod-openapi";
import { BEARER_OR_API_KEY, jsonResponse, problems } from "../../lib/openapi";
import { AUTHENTICATED_ROUTE } from "../../lib/route-permission";
import { authenticate } from "../../middleware/authenticate";

const Engine = z.object({
  name: z.string().openapi({ example: "pocketsphinx" }),
  languages: z.array(z.string()).openapi({
    description: "Primary BCP 47 subtags this engine can transcribe now on some healthy runner.",
    example: ["en"],
  }),
});

export const EngineAvailability = z
  .object({
    known: z.boolean().openapi({
      description:
        "False when the pool cannot say what it can do (no runner reachable, a runner that does not report its languages, or the container platform's pool): then no job is refused by its language, it is queued and the runner decides.",
    }),
    engines: z.array(Engine),
    languages: z
      .array(z.string())
      .openapi({ description: "Every language some healthy runner can transcribe now.", example: ["en"] }),
    checkedAt: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "The runner health check this answer rests on." }),
  })
  .openapi("EngineAvailability");

export const list = createRoute({
  method: "get",
  path: "/api/v1/engines",
  ...AUTHENTICATED_ROUTE,
  tags: ["Transcription"],
  summary: "The speech engines and languages the healthy runner pool can do right now",
  description:
    "A transcription or pipeline in a language outside `languages` (or with an `engine` that cannot do it) is refused at submit with 422 `unsupported_language`, before anything is stored or queued. Answers may be a few seconds old.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate()],
  responses: { 200: jsonResponse(EngineAvailability, "What can run now"), ...problems(401) },
});
