/** The event outbox: what must reach the workspace's hub, written in the same batch as the change it reports. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * One row per event (an audit append, a job's end). `pos` orders a workspace's events; the hub
 * publishes them in that order and stamps `published_at`. No foreign key to workspaces: an
 * audit entry of a deleted workspace still has to reach the audit log.
 */
export const eventOutbox = sqliteTable(
  "event_outbox",
  {
    pos: integer("pos").primaryKey({ autoIncrement: true }),
    id: text("id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: ["audit", "job_end"] }).notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    publishedAt: text("published_at"),
  },
  (t) => [
    uniqueIndex("event_outbox_id").on(t.id),
    index("event_outbox_workspace_pending").on(t.workspaceId, t.publishedAt, t.pos),
  ],
);
