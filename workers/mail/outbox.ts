/** The local mail transport: each message is a row in D1 `outbox`, read back by the invitation list. */
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "../db/client";
import { outbox } from "../db/schema";
import { newId } from "../lib/ids";
import { isoNow } from "../lib/time";
import type { Mailer, MailMessage } from "./mailer";

export class OutboxMailer implements Mailer {
  readonly transport = "outbox" as const;

  constructor(private readonly env: Env) {}

  async send(message: MailMessage): Promise<void> {
    await getDb(this.env)
      .insert(outbox)
      .values({
        id: newId("mail"),
        workspaceId: message.workspaceId,
        recipient: message.to,
        subject: message.subject,
        text: message.text,
        actionUrl: message.actionUrl ?? null,
        relatedId: message.relatedId ?? null,
        createdAt: isoNow(),
      });
  }
}

/** The link of the newest outbox message about each of `relatedIds`, in one workspace. */
export async function latestOutboxLinks(
  env: Env,
  workspaceId: string,
  relatedIds: string[],
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  // D1 binds at most 100 parameters per statement.
  for (let start = 0; start < relatedIds.length; start += 50) {
    const rows = await getDb(env)
      .select({ relatedId: outbox.relatedId, actionUrl: outbox.actionUrl })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, workspaceId), inArray(outbox.relatedId, relatedIds.slice(start, start + 50))))
      .orderBy(desc(outbox.id))
      .all();
    for (const row of rows) {
      if (row.relatedId && row.actionUrl && !links.has(row.relatedId)) links.set(row.relatedId, row.actionUrl);
    }
  }
  return links;
}
