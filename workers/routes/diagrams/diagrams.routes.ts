import { createRoute, z } from "@hono/zod-openapi";
import { GenerateDiagramOptions } from "../../diagrams/generate";
import { answerForDiagramJob } from "../../diagrams/replay";
import { DiagramData } from "../../engine";
import { DiagramQualitySchema, DryRunQuery, Estimate, Job } from "../../jobs/job-resource";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { WorkspaceHeader } from "../../lib/workspace-header";
import { authenticate } from "../../middleware/authenticate";
import { idempotency } from "../../middleware/idempotency";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { actInWorkspace } from "../../middleware/workspace";

const tags = ["Diagrams"];

export const Diagram = z
  .object({
    id: z.string(),
    jobId: z.string(),
    transcriptId: z.string().nullable(),
    projectId: z.string().nullable(),
    type: z.string(),
    title: z.string(),
    language: z.string(),
    revision: z.number().int(),
    detection: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The recommended type, its confidence, ranked alternatives and the cues that decided." }),
    options: z.record(z.string(), z.unknown()),
    quality: DiagramQualitySchema.nullable().openapi({
      description: "The current revision's layout, checked. Null for diagrams stored before reports existed.",
    }),
    links: z.object({ svg: z.string(), mermaid: z.string(), json: z.string() }),
    data: z.record(z.string(), z.unknown()).optional().openapi({ description: "The DiagramData (version 1)." }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Diagram");

const GenerateBody = GenerateDiagramOptions.extend({
  text: z.string().min(1).optional(),
  transcriptId: z.string().regex(idPattern("trn"), "not a transcript id").optional(),
  dryRun: z.boolean().optional(),
}).refine((b) => (b.text === undefined) !== (b.transcriptId === undefined), "send exactly one of text or transcriptId");

const DiagramId = z.string().regex(idPattern("dgm"), "not a diagram id");

export const generate = createRoute({
  method: "post",
  path: "/api/v1/generate-diagram",
  tags,
  summary: "Draw a diagram from text or a transcript",
  description:
    "Text up to 5,000 characters answers 201 with the diagram. A transcript or longer text answers 202 with a job (stages analysis → visualization) that yields the diagram.",
  security: BEARER_OR_API_KEY,
  middleware: [
    authenticate(),
    actInWorkspace(),
    requirePermission("jobs:create"),
    idempotency({ answerForJob: answerForDiagramJob }),
    jsonBody(),
  ],
  request: { query: DryRunQuery, headers: WorkspaceHeader, ...jsonRequest(GenerateBody) },
  responses: {
    200: jsonResponse(Estimate, "dryRun: validated and estimated; nothing was created"),
    201: jsonResponse(Diagram, "The diagram, drawn now"),
    202: jsonResponse(Job, "A job that will draw it"),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/diagrams/{file}",
  tags,
  summary: "A diagram (JSON resource), or its {id}.svg, {id}.mmd (Mermaid) or {id}.json (DiagramData)",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("jobs:read")],
  request: {
    headers: WorkspaceHeader,
    params: z.object({
      file: z
        .string()
        .regex(/^dgm_[0-9a-hjkmnp-tv-z]{26}(\.(json|svg|mmd))?$/, "a diagram id, optionally with .svg, .mmd or .json")
        .openapi({ param: { name: "file", in: "path" }, example: "dgm_01jd7x1q2w3e4r5t6y7u8i9o0p.svg" }),
    }),
  },
  responses: {
    200: {
      description: "The diagram",
      content: {
        "application/json": { schema: Diagram },
        "image/svg+xml": { schema: { type: "string" } },
        "text/plain": { schema: { type: "string" } },
      },
    },
    ...problems(401, 403, 404, 422),
  },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/diagrams/{id}",
  tags,
  summary: "Replace a diagram's DiagramData with an edited one; it is validated, laid out and rendered again",
  description: "Send `If-Match` with the ETag of the revision you edited to refuse lost updates (412).",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), actInWorkspace(), requirePermission("projects:update"), jsonBody()],
  request: {
    headers: WorkspaceHeader.extend({
      "if-match": z
        .string()
        .max(64)
        .optional()
        .openapi({ param: { name: "if-match", in: "header" } }),
    }),
    params: z.object({ id: DiagramId.openapi({ param: { name: "id", in: "path" } }) }),
    ...jsonRequest(DiagramData),
  },
  responses: {
    200: jsonResponse(Diagram, "The re-rendered diagram"),
    ...problems(400, 401, 403, 404, 413, 415, 422),
    412: { description: "The diagram changed since that revision" },
  },
});
