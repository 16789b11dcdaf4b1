import { createRoute, z } from "@hono/zod-openapi";
import { MAX_GLOSSARY_TERMS, MAX_SPOKEN_FORMS, MAX_TERM_LENGTH } from "../../glossary/glossary";
import { idPattern } from "../../lib/ids";
import { BEARER_OR_API_KEY, jsonRequest, jsonResponse, problems } from "../../lib/openapi";
import { authenticate } from "../../middleware/authenticate";
import { jsonBody } from "../../middleware/json-body";
import { requirePermission } from "../../middleware/require-permission";
import { workspaceFromPath } from "../../middleware/workspace";

const WorkspaceId = z
  .string()
  .regex(idPattern("ws"), "not a workspace id")
  .openapi({ param: { name: "id", in: "path" } });
const TermParams = z.object({
  id: WorkspaceId,
  termId: z
    .string()
    .regex(idPattern("gls"), "not a glossary term id")
    .openapi({ param: { name: "termId", in: "path" } }),
});

export const GlossaryTerm = z
  .object({
    id: z.string(),
    term: z.string().openapi({ description: "The spelling transcripts and diagrams use", example: "Zukai" }),
    spokenForms: z.array(z.string()).openapi({
      description: "How it is said or misheard, or its kana reading; each is replaced by the term",
      example: ["zoo kai", "ずかい"],
    }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("GlossaryTerm");

const Text = z.string().trim().min(1).max(MAX_TERM_LENGTH);
const SpokenForms = z.array(Text).max(MAX_SPOKEN_FORMS);
const CreateBody = z
  .strictObject({ term: Text, spokenForms: SpokenForms.default([]) })
  .openapi("CreateGlossaryTermRequest");
const UpdateBody = z
  .strictObject({ term: Text.optional(), spokenForms: SpokenForms.optional() })
  .refine((b) => b.term !== undefined || b.spokenForms !== undefined, "Change at least one of term, spokenForms.")
  .openapi("UpdateGlossaryTermRequest");

const tags = ["Glossary"];
const canManage = [authenticate(), workspaceFromPath(), requirePermission("glossary:manage")];

export const list = createRoute({
  method: "get",
  path: "/api/v1/workspaces/{id}/glossary",
  tags,
  summary: `The workspace glossary, oldest term first (at most ${MAX_GLOSSARY_TERMS})`,
  description:
    "Terms the workspace's recordings use. whisper is prompted with them, every transcript is corrected onto their spelling (the transcript's `glossary` lists each replacement), and diagram labels spell them exactly.",
  security: BEARER_OR_API_KEY,
  middleware: [authenticate(), workspaceFromPath(), requirePermission("workspace:read")],
  request: { params: z.object({ id: WorkspaceId }) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(GlossaryTerm) }), "The glossary"),
    ...problems(401, 403, 404, 422),
  },
});

export const create = createRoute({
  method: "post",
  path: "/api/v1/workspaces/{id}/glossary",
  tags,
  summary: "Add a term (409 glossary_term_exists for one already there in any case, glossary_limit_reached when full)",
  security: BEARER_OR_API_KEY,
  middleware: [...canManage, jsonBody()],
  request: { params: z.object({ id: WorkspaceId }), ...jsonRequest(CreateBody) },
  responses: { 201: jsonResponse(GlossaryTerm, "Added"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/workspaces/{id}/glossary/{termId}",
  tags,
  summary: "Change a term's spelling or its spoken forms",
  security: BEARER_OR_API_KEY,
  middleware: [...canManage, jsonBody()],
  request: { params: TermParams, ...jsonRequest(UpdateBody) },
  responses: { 200: jsonResponse(GlossaryTerm, "The term"), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/workspaces/{id}/glossary/{termId}",
  tags,
  summary: "Remove a term",
  security: BEARER_OR_API_KEY,
  middleware: canManage,
  request: { params: TermParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 422) },
});
