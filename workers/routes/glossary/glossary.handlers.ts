import { requestAuditBody } from "../../audit/record";
import {
  createGlossaryTerm,
  deleteGlossaryTerm,
  type GlossaryTermRecord,
  listGlossary,
  updateGlossaryTerm,
} from "../../glossary/glossary";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./glossary.routes";

function resource(t: GlossaryTermRecord) {
  return { id: t.id, term: t.term, spokenForms: t.spokenForms, createdAt: t.createdAt, updatedAt: t.updatedAt };
}

const audited = (t: GlossaryTermRecord) => ({ term: t.term, spokenForms: t.spokenForms });

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const terms = await listGlossary(c.env, c.get("membership").workspaceId);
  return c.json({ items: terms.map(resource) }, 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { workspaceId } = c.get("membership");
  const term = await createGlossaryTerm(c.env, workspaceId, c.req.valid("json"), c.get("principal").userId, (t) =>
    requestAuditBody(c, workspaceId, {
      action: "glossary.term_created",
      target: { type: "glossary_term", id: t.id },
      after: audited(t),
    }),
  );
  return c.json(resource(term), 201, { Location: `/api/v1/workspaces/${workspaceId}/glossary/${term.id}` });
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { termId } = c.req.valid("param");
  const term = await updateGlossaryTerm(c.env, workspaceId, termId, c.req.valid("json"), ({ before, after }) =>
    requestAuditBody(c, workspaceId, {
      action: "glossary.term_updated",
      target: { type: "glossary_term", id: termId },
      before: audited(before),
      after: audited(after),
    }),
  );
  return c.json(resource(term), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { workspaceId } = c.get("membership");
  const { termId } = c.req.valid("param");
  await deleteGlossaryTerm(c.env, workspaceId, termId, (t) =>
    requestAuditBody(c, workspaceId, {
      action: "glossary.term_deleted",
      target: { type: "glossary_term", id: termId },
      before: audited(t),
    }),
  );
  return c.body(null, 204);
};
