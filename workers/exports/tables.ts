/**
 * Which D1 tables a workspace export carries, in the order an import inserts them. Left out on
 * purpose: memberships and API keys (the import's caller owns the new workspace; key hashes are
 * credentials), invitations and the mail outbox (tokens, pending mail), the audit log (its hash
 * chain belongs to the source workspace), billing (a restored workspace starts its own account),
 * idempotency keys and dead jobs (transient), alert incidents and notifications (history bound to
 * escalators of the source), and the exports themselves.
 */
export const EXPORTED_TABLES = [
  "projects",
  "batches",
  "jobs",
  "transcripts",
  "diagrams",
  "artifacts",
  "usage_events",
  "webhook_deliveries",
  "comments",
  "custom_roles",
  "glossary_terms",
  "dashboards",
  "alert_channels",
  "alert_rules",
] as const;

/** The exported tables that exist in this database (a table added by a later migration may not yet). */
export async function presentTables(env: Pick<Env, "DB">): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
    name: string;
  }>();
  const present = new Set(results.map((r) => r.name));
  return EXPORTED_TABLES.filter((t) => present.has(t));
}

/** R2 layout of one export. */
export function exportPrefix(workspaceId: string, exportId: string): string {
  return `ws/${workspaceId}/exports/${exportId}/`;
}
