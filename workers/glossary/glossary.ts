/**
 * A workspace's glossary in D1: the terms its recordings use, each with the forms a speaker or an
 * engine gives it. Every query is scoped by the workspace id from the authenticated context, and
 * every change writes its audit entry in its own batch. Transcription reads the whole glossary
 * once per job (workers/pipeline/transcription-stage.ts).
 */

import { asc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/guard";
import { insertBelowLimit } from "../db/insert-below-limit";
import { glossaryTerms } from "../db/schema";
import { getInWorkspace } from "../db/scoped";
import { type AuditOf, auditOutboxStatement, kickOutbox } from "../events/outbox";
import { conflict } from "../lib/errors";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";

export type GlossaryTermRecord = typeof glossaryTerms.$inferSelect;

/** A workspace keeps at most this many terms (listed whole; whisper's prompt takes the first ones). */
export const MAX_GLOSSARY_TERMS = 500;
export const MAX_TERM_LENGTH = 80;
export const MAX_SPOKEN_FORMS = 10;

/** The uniqueness key of a term: "Zukai", "ZUKAI" and "ｚｕｋａｉ" are one term. */
export function termKey(term: string): string {
  return term.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** Spoken forms trimmed, folded for duplicates, without the term itself. */
export function cleanSpokenForms(term: string, forms: readonly string[]): string[] {
  const seen = new Set([termKey(term)]);
  const kept: string[] = [];
  for (const form of forms) {
    const text = form.normalize("NFKC").trim().replace(/\s+/g, " ");
    if (text === "" || seen.has(termKey(text))) continue;
    seen.add(termKey(text));
    kept.push(text);
  }
  return kept;
}

const termTaken = (term: string) =>
  conflict("glossary_term_exists", `The glossary already has the term '${term}' (terms ignore case).`);

/** Every term of a workspace, oldest first. */
export async function listGlossary(env: Env, workspaceId: string): Promise<GlossaryTermRecord[]> {
  return getDb(env)
    .select()
    .from(glossaryTerms)
    .where(eq(glossaryTerms.workspaceId, workspaceId))
    .orderBy(asc(glossaryTerms.id))
    .limit(MAX_GLOSSARY_TERMS)
    .all();
}

/** One term of this workspace; 404 otherwise (also for another workspace's id). */
export async function getGlossaryTerm(env: Env, workspaceId: string, termId: string): Promise<GlossaryTermRecord> {
  return getInWorkspace(env, glossaryTerms, workspaceId, termId, "glossary term");
}

/** Adds a term; unique in the workspace regardless of case, and below the limit (checked inside the INSERT). */
export async function createGlossaryTerm(
  env: Env,
  workspaceId: string,
  input: { term: string; spokenForms: string[] },
  createdBy: string,
  audit: AuditOf<GlossaryTermRecord>,
): Promise<GlossaryTermRecord> {
  const term = input.term.normalize("NFKC").trim().replace(/\s+/g, " ");
  const now = isoNow();
  const record: GlossaryTermRecord = {
    id: newId("gls"),
    workspaceId,
    term,
    key: termKey(term),
    spokenForms: cleanSpokenForms(term, input.spokenForms),
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  let created: D1Result | undefined;
  try {
    [created] = await env.DB.batch([
      insertBelowLimit(env, glossaryTerms, record, MAX_GLOSSARY_TERMS),
      auditOutboxStatement(env, workspaceId, audit(record), { guarded: true }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw termTaken(term);
    throw error;
  }
  if (created!.meta.changes === 0)
    throw conflict("glossary_limit_reached", `A workspace's glossary holds at most ${MAX_GLOSSARY_TERMS} terms.`);
  await kickOutbox(env, workspaceId);
  return record;
}

/** Changes a term's spelling or its spoken forms; returns it before and after. */
export async function updateGlossaryTerm(
  env: Env,
  workspaceId: string,
  termId: string,
  change: { term?: string; spokenForms?: string[] },
  audit: AuditOf<{ before: GlossaryTermRecord; after: GlossaryTermRecord }>,
): Promise<GlossaryTermRecord> {
  const before = await getGlossaryTerm(env, workspaceId, termId);
  const term = change.term?.normalize("NFKC").trim().replace(/\s+/g, " ") ?? before.term;
  const after: GlossaryTermRecord = {
    ...before,
    term,
    key: termKey(term),
    spokenForms: cleanSpokenForms(term, change.spokenForms ?? before.spokenForms),
    updatedAt: isoNow(),
  };
  try {
    await env.DB.batch([
      env.DB.prepare(
        "UPDATE glossary_terms SET term = ?, key = ?, spoken_forms = ?, updated_at = ? WHERE id = ? AND workspace_id = ?",
      ).bind(after.term, after.key, JSON.stringify(after.spokenForms), after.updatedAt, termId, workspaceId),
      auditOutboxStatement(env, workspaceId, audit({ before, after }), { guarded: true }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw termTaken(term);
    throw error;
  }
  await kickOutbox(env, workspaceId);
  return after;
}

/** Removes a term; 404 when this workspace has no such term. */
export async function deleteGlossaryTerm(
  env: Env,
  workspaceId: string,
  termId: string,
  audit: AuditOf<GlossaryTermRecord>,
): Promise<void> {
  const existing = await getGlossaryTerm(env, workspaceId, termId);
  await env.DB.batch([
    env.DB.prepare("DELETE FROM glossary_terms WHERE id = ? AND workspace_id = ?").bind(termId, workspaceId),
    auditOutboxStatement(env, workspaceId, audit(existing), { guarded: true }),
  ]);
  await kickOutbox(env, workspaceId);
}
