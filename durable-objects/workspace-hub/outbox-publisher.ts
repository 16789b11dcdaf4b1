/**
 * The one publisher of a workspace's event outbox (workers/events/outbox.ts). It applies the rows in
 * `pos` order, one drain at a time, and stamps each published. Every effect is idempotent on the
 * event id, so a drain cut short by an eviction is simply run again:
 * - audit: entries carry fixed ids; the chain skips stored ones and stamps the row in its own D1 batch;
 * - job end: the slot release is idempotent, the hub event is logged once per event id (one seq),
 *   and the webhook message keeps its message id, which the webhook sender checks before sending.
 * The cursor (the last pos applied) lives in the object's storage; the D1 stamp covers a reset one.
 */
import type { AuditAppend } from "../../workers/audit/entry";
import { jobEndEffects } from "../../workers/events/announce";
import {
  type AuditBody,
  JobEndBody,
  markPublishedStatement,
  type OutboxRow,
  pendingOutbox,
} from "../../workers/events/outbox";
import type { WebhookMessage } from "../../workers/jobs/messages";
import type { HubEvent } from "./protocol";

/** What publishing an event does, provided by the hub. */
export interface PublishTargets {
  appendAudit(entries: AuditAppend[], alongside: D1PreparedStatement[]): Promise<unknown>;
  publishOnce(event: HubEvent, eventId: string): void;
  releaseJobSlot(jobId: string): Promise<void>;
  sendWebhook(message: WebhookMessage): Promise<void>;
}

const CURSOR_KEY = "outbox:cursor";
const PENDING_KEY = "outbox:pending";
const FAILURES_KEY = "outbox:failures";
const PAGE = 50;

export class OutboxPublisher {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly kv: SyncKvStorage,
    private readonly db: D1Database,
    private readonly targets: PublishTargets,
  ) {}

  /** True when a drain started and has not finished cleanly (the alarm then drains again). */
  pending(): boolean {
    return this.kv.get<boolean>(PENDING_KEY) ?? false;
  }

  /**
   * Publishes everything pending for the workspace. A call that arrives while a drain runs makes
   * that drain look again, so rows committed before any call are published before it returns.
   * Returns false when a row could not be published (it stays pending for the next drain).
   */
  drain(workspaceId: string): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => !this.pending());
    }
    const run = (async () => {
      this.kv.put(PENDING_KEY, true);
      try {
        do {
          this.again = false;
          await this.drainAll(workspaceId);
        } while (this.again);
        this.kv.put(PENDING_KEY, false);
        this.kv.delete(FAILURES_KEY);
      } catch (error) {
        this.kv.put(FAILURES_KEY, (this.kv.get<number>(FAILURES_KEY) ?? 0) + 1);
        console.warn(JSON.stringify({ event: "outbox.publish_failed", workspaceId, error: String(error) }));
      }
    })();
    this.running = run.finally(() => {
      this.running = null;
    });
    return this.running.then(() => !this.pending());
  }

  /** How long the alarm waits before the next try after failures: 1 s doubling to 60 s. */
  retryDelayMs(): number {
    return Math.min(60_000, 1000 * 2 ** (this.kv.get<number>(FAILURES_KEY) ?? 0));
  }

  private async drainAll(workspaceId: string): Promise<void> {
    for (;;) {
      const rows = await pendingOutbox(this.db, workspaceId, PAGE);
      for (const row of rows) await this.publishRow(workspaceId, row);
      if (rows.length < PAGE) return;
    }
  }

  private async publishRow(workspaceId: string, row: OutboxRow): Promise<void> {
    const mark = markPublishedStatement(this.db, row.id);
    const cursor = this.kv.get<number>(CURSOR_KEY) ?? 0;
    // Applied before the eviction that lost its stamp: only the stamp is missing.
    if (row.pos <= cursor) return void (await mark.run());
    const body = parseBody(row);
    if (!body) {
      // A row no code can read would block the workspace's events for good: set it aside.
      console.error(JSON.stringify({ event: "outbox.unreadable_row", id: row.id, kind: row.kind }));
      await mark.run();
    } else if (body.kind === "audit") {
      await this.targets.appendAudit(body.audit.entries, [mark]);
    } else {
      const { event, webhook } = jobEndEffects(workspaceId, body.end);
      await this.targets.releaseJobSlot(body.end.jobId);
      this.targets.publishOnce(event, row.id);
      if (webhook) await this.targets.sendWebhook(webhook);
      await mark.run();
    }
    this.kv.put(CURSOR_KEY, row.pos);
  }
}

type ParsedBody = { kind: "audit"; audit: AuditBody } | { kind: "job_end"; end: JobEndBody };

function parseBody(row: OutboxRow): ParsedBody | null {
  try {
    const json = JSON.parse(row.body) as unknown;
    if (row.kind === "audit") {
      const audit = json as AuditBody;
      return Array.isArray(audit.entries) ? { kind: "audit", audit } : null;
    }
    const end = JobEndBody.safeParse(json);
    return end.success ? { kind: "job_end", end: end.data } : null;
  } catch {
    return null;
  }
}
