/** Each workspace's webhook signing secret, created on first use. */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { workspaces } from "../db/schema";
import { newWebhookSecret } from "./signature";

/** The workspace's secret, creating it (once, even under races) if it has none yet. */
export async function webhookSecretOf(env: Env, workspaceId: string): Promise<string> {
  const db = getDb(env);
  const read = () =>
    db.select({ secret: workspaces.webhookSecret }).from(workspaces).where(eq(workspaces.id, workspaceId)).get();
  const existing = await read();
  if (existing?.secret) return existing.secret;
  // Only a workspace without a secret gets one; when two requests race, the re-read sees the winner's.
  await db
    .update(workspaces)
    .set({ webhookSecret: newWebhookSecret() })
    .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.webhookSecret)));
  const row = await read();
  if (!row?.secret) throw new Error(`workspace ${workspaceId} has no webhook secret`);
  return row.secret;
}
