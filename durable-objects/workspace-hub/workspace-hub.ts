/**
 * One WorkspaceHub per workspace: WebSocket fan-out with the hibernation API, a sequenced event
 * log for gap-free resume, progress coalescing, single-use connection tickets, live settings, and
 * an SSE fallback. The Worker authenticates and authorises before a request reaches the hub; the
 * hub trusts the X-Zukai-* headers because only the Worker can reach it.
 */
import { DurableObject } from "cloudflare:workers";
import { chaosProbability } from "../../workers/lib/chaos-faults";
import { reportConnections } from "../../workers/metrics/record";
import type { Holder } from "../../workers/workspaces/principal";
import { holderOf, issueTicket, redeemTicket, revokedHolders } from "./access";
import { auditSettingsChange, describeError, requireCurrentPermission, runJobAction } from "./actions";
import { AuditChain } from "./audit-chain";
import { EventLog } from "./event-log";
import { parseFrame } from "./frames";
import { JobSlots, type SlotAnswer, type SlotRequest } from "./job-slots";
import { MESSAGES_PER_SECOND, MessageBudget } from "./message-rate";
import { OutboxPublisher } from "./outbox-publisher";
import { ProgressGate } from "./progress-gate";
import {
  type ClientMessage,
  HubEvent,
  type LiveSettings,
  PROTOCOL_VERSION,
  type SequencedEvent,
  type ServerMessage,
} from "./protocol";
import { changeSubscriptions, MAX_STRIKES, newSession, type SocketSession, wants } from "./sessions";
import { SseChannels } from "./sse";

/** At most this many progress events per job reach the log (and so every client) each second. */
const PROGRESS_PER_SECOND = 10;
const IDLE_CLOSE_MS = 120_000;

export class WorkspaceHub extends DurableObject<Env> {
  private readonly log: EventLog;
  private readonly sessions = new Map<WebSocket, SocketSession>();
  private readonly sse = new SseChannels();
  private readonly budget = new MessageBudget();
  private readonly progress = new ProgressGate(PROGRESS_PER_SECOND, (event) => this.deliver(this.log.append(event)));
  private workspaceId = "";
  private auditChain: AuditChain | undefined;
  private jobSlots: JobSlots | undefined;
  private outbox: OutboxPublisher | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage.sql);
    // After hibernation the sockets are still there; their sessions come back from attachments.
    for (const ws of ctx.getWebSockets()) {
      const session = ws.deserializeAttachment() as SocketSession | null;
      if (session?.v === 1) this.sessions.set(ws, session);
    }
    this.workspaceId = ctx.storage.kv.get<string>("workspaceId") ?? "";
    // Pings are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** WebSocket upgrade (`/ws`) or Server-Sent Events for one job (`/sse`), from the Worker. */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    this.remember(request.headers.get("X-Zukai-Workspace") ?? "");
    const since = Number(url.searchParams.get("since") ?? NaN);
    const holder = holderOf(request.headers);
    if (url.pathname === "/sse")
      return this.sse.open(
        url.searchParams.get("jobId") ?? "",
        holder,
        Number.isFinite(since) ? since : null,
        this.log,
      );
    if (request.headers.get("Upgrade") !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const session = newSession(holder, request.headers.get("X-Zukai-Role") ?? "viewer");
    this.ctx.acceptWebSocket(server, [`user:${holder.userId}`]);
    this.keep(server, session);
    this.send(server, {
      type: "welcome",
      v: PROTOCOL_VERSION,
      workspaceId: this.workspaceId,
      latestSeq: this.log.latestSeq(),
    });
    if (Number.isFinite(since)) this.replay(server, since);
    await this.scheduleIdleCheck();
    this.reportConnections();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Publishes an event to every subscribed socket and SSE stream; progress is coalesced. */
  async publish(input: HubEvent): Promise<void> {
    this.publishNow(HubEvent.parse(input), null);
  }

  /**
   * Publishes the workspace's pending event-outbox rows (audit entries, job ends) in order; the
   * Worker calls it right after committing them. A drain that fails or is cut short by an eviction
   * is retried by the alarm (and the cron kicks a hub that never heard of its rows).
   */
  async drainOutbox(workspaceId: string): Promise<void> {
    this.remember(workspaceId);
    // Armed before the work starts, so an eviction mid-drain still gets a retry.
    await this.scheduleAlarmWithin(5_000);
    const clean = await this.publisher().drain(workspaceId);
    if (!clean) await this.scheduleAlarmWithin(this.publisher().retryDelayMs());
  }

  /** The hub learns its workspace's id from the first call that names it, and keeps it. */
  private remember(workspaceId: string): void {
    if (this.workspaceId || !workspaceId) return;
    this.workspaceId = workspaceId;
    this.ctx.storage.kv.put("workspaceId", workspaceId);
  }

  private publisher(): OutboxPublisher {
    this.outbox ??= new OutboxPublisher(this.ctx.storage.kv, this.env.DB, {
      appendAudit: (entries, alongside) => {
        this.auditChain ??= new AuditChain(this.ctx.storage.kv, this.env.DB);
        return this.auditChain.append(entries, alongside);
      },
      publishOnce: (event, eventId) => this.publishNow(event, eventId),
      releaseJobSlot: (jobId) => this.releaseJobSlot(jobId),
      sendWebhook: async (message) => {
        await this.env.JOBS.send(message);
      },
    });
    return this.outbox;
  }

  /** Logs and delivers an event; one with an outbox id is logged (and delivered) at most once. */
  private publishNow(event: HubEvent, eventId: string | null): void {
    if (event.type === "job:progress") {
      if (!this.progress.admit(event)) return;
    } else if ("jobId" in event) this.progress.settle(event.jobId);
    const logged = eventId ? this.log.appendOnce(event, eventId) : this.log.append(event);
    if (logged) this.deliver(logged);
  }

  /** Chaos runs only (CHAOS_FAULTS has hub-evict, workers/lib/chaos-faults.ts): resets this object as an eviction would. */
  evictForChaos(): void {
    if (chaosProbability(this.env, "hub-evict") > 0) this.ctx.abort("CHAOS_FAULTS: hub evicted");
  }

  /** The audit chain's last seq and hash as this object keeps them, for verification. */
  auditTail(): { seq: number; hash: string } | null {
    this.auditChain ??= new AuditChain(this.ctx.storage.kv, this.env.DB);
    return this.auditChain.tail();
  }

  /** Takes, or waits for, one of the workspace's concurrent-job slots (see job-slots.ts). */
  acquireJobSlot(request: SlotRequest): Promise<SlotAnswer> {
    this.jobSlots ??= new JobSlots(this.ctx.storage.sql, this.env);
    return this.jobSlots.acquire(request);
  }

  /** Frees a job's slot when it ends and hands it to the next waiting job. */
  releaseJobSlot(jobId: string): Promise<void> {
    this.jobSlots ??= new JobSlots(this.ctx.storage.sql, this.env);
    return this.jobSlots.release(jobId);
  }

  /** Which jobs hold slots and which wait, for the quota endpoint and tests. */
  jobSlotState(): { held: string[]; waiting: string[]; limit: number | null } {
    this.jobSlots ??= new JobSlots(this.ctx.storage.sql, this.env);
    return this.jobSlots.state();
  }

  /** A single-use ticket that lets a browser open the socket without putting a token in the URL. */
  issueTicket(holder: Holder): { ticket: string; expiresAt: string } {
    return issueTicket(this.ctx.storage.kv, holder);
  }

  /** Who a ticket was issued to (a user, or an API key and its creator), once; undefined when unknown, used or expired. */
  redeemTicket(ticket: string): Holder | undefined {
    return redeemTicket(this.ctx.storage.kv, ticket);
  }

  /**
   * After a privilege change (key revoked, role changed or narrowed, ownership moved): closes every
   * socket and event stream whose holder may no longer read jobs, so nothing more reaches it and a
   * socket cannot resume.
   */
  async recheckSockets(): Promise<void> {
    for (const [ws, session] of await revokedHolders(this.env, this.workspaceId, [...this.sessions], this.sse))
      this.closeRevoked(ws, session);
    this.reportConnections();
  }

  private closeRevoked(ws: WebSocket, session: SocketSession): void {
    this.sessions.delete(ws);
    ws.close(4003, session.keyId ? "the API key's access changed" : "your access changed");
  }

  /** Closes every socket of a user, e.g. when they are removed from the workspace. */
  disconnectUser(userId: string, reason = "membership ended"): number {
    const sockets = this.ctx.getWebSockets(`user:${userId}`);
    for (const ws of sockets) {
      this.sessions.delete(ws);
      ws.close(4003, reason);
    }
    this.reportConnections();
    return sockets.length;
  }

  /** The workspace's live settings. */
  settings(): Record<string, unknown> {
    return this.ctx.storage.kv.get<Record<string, unknown>>("settings") ?? {};
  }

  /** Open sockets, for operators and tests. */
  connections(): number {
    return this.ctx.getWebSockets().length;
  }

  /** Forgets the workspace when it is purged: closes its sockets and deletes all of the hub's storage. */
  async purge(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) ws.close(4004, "workspace deleted");
    this.sessions.clear();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const session = this.sessions.get(ws) ?? (ws.deserializeAttachment() as SocketSession);
    if (!this.budget.take(ws))
      return this.strike(
        ws,
        session,
        undefined,
        "rate_limited",
        `Send at most ${MESSAGES_PER_SECOND} frames a second.`,
      );
    const frame = parseFrame(data);
    if (!frame.ok) return this.strike(ws, session, frame.id, frame.code, frame.message);
    await this.handle(ws, session, frame.message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sessions.delete(ws);
    // Reciprocate, so the client sees a clean close; 1005/1006 cannot be sent back.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    this.reportConnections();
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.sessions.delete(ws);
    this.reportConnections();
  }

  /**
   * Closes sockets that have not pinged for too long: their peer is gone. Clients ping every 30 s.
   * Also the outbox's backstop: a drain that failed or was cut short runs again here.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const lastPing = this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
      const connectedAt = (ws.deserializeAttachment() as SocketSession | null)?.connectedAt ?? now;
      if (now - Math.max(lastPing, connectedAt) > IDLE_CLOSE_MS) ws.close(1001, "no ping for too long");
    }
    this.reportConnections();
    if (this.workspaceId && this.publisher().pending()) await this.drainOutbox(this.workspaceId);
    await this.scheduleIdleCheck();
  }

  private async handle(ws: WebSocket, session: SocketSession, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case "ping":
        return this.send(ws, { type: "pong", id: message.id });
      case "subscribe":
      case "unsubscribe": {
        const next = changeSubscriptions(session, message);
        if ("type" in next) return this.send(ws, next);
        this.keep(ws, next);
        return this.send(ws, { type: "ack", id: message.id, result: { subscriptions: next.subscriptions } });
      }
      case "resume":
        // Replays only what the holder may read now, not what it could read when it connected.
        if ((await revokedHolders(this.env, this.workspaceId, [[ws, session]])).length > 0)
          return this.closeRevoked(ws, session);
        this.replay(ws, message.since);
        return this.send(ws, { type: "ack", id: message.id, result: { latestSeq: this.log.latestSeq() } });
      case "settings:update":
        try {
          await requireCurrentPermission(this.env, this.workspaceId, session, "workspace:update");
        } catch (error) {
          return this.strike(ws, session, message.id, describeError(error).code, describeError(error).message);
        }
        return this.updateSettings(ws, session, message.id, message.settings as LiveSettings);
      case "job:start":
      case "job:cancel":
        try {
          this.send(ws, {
            type: "ack",
            id: message.id,
            // The hub publishes the action's outbox rows itself rather than through its own stub.
            result: await runJobAction(this.env, this.workspaceId, session, message, (id) => this.drainOutbox(id)),
          });
        } catch (error) {
          const { code, message: text } = describeError(error);
          this.send(ws, { type: "error", id: message.id, code, message: text });
        }
    }
  }

  private replay(ws: WebSocket, since: number): void {
    const events = this.log.replay(since);
    if (!Array.isArray(events)) {
      this.send(ws, events);
      return;
    }
    const session = this.sessions.get(ws);
    for (const event of events) if (!session || wants(session, event)) this.send(ws, event);
  }

  private deliver(event: SequencedEvent): void {
    const frame = JSON.stringify(event);
    for (const [ws, session] of this.sessions) {
      if (!wants(session, event)) continue;
      try {
        ws.send(frame);
      } catch {
        this.sessions.delete(ws);
      }
    }
    this.sse.deliver(event);
  }

  /** Holds a socket's session in memory and in its attachment (which survives hibernation). */
  private keep(ws: WebSocket, session: SocketSession): void {
    this.sessions.set(ws, session);
    ws.serializeAttachment(session);
  }

  private send(ws: WebSocket, message: ServerMessage): void {
    try {
      ws.send(JSON.stringify(message));
    } catch {
      this.sessions.delete(ws);
    }
  }

  /** Answers a bad frame with an error; repeated abuse closes the socket (1008, policy violation). */
  private strike(ws: WebSocket, session: SocketSession, id: string | undefined, code: string, message: string): void {
    const next = { ...session, strikes: session.strikes + 1 };
    this.keep(ws, next);
    this.send(ws, { type: "error", id, code, message });
    if (next.strikes >= MAX_STRIKES) {
      this.sessions.delete(ws);
      ws.close(1008, "too many invalid messages");
    }
  }

  /** Tells the metrics shards how many sockets this hub holds now; best effort, off the socket path. */
  private reportConnections(): void {
    const open = this.ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN).length;
    this.ctx.waitUntil(reportConnections(this.env, this.workspaceId, open).catch(() => undefined));
  }

  /**
   * A settings change from a socket. Its audit entry is committed to the outbox first: when that
   * fails the change is refused, so no change stands unrecorded.
   */
  private async updateSettings(ws: WebSocket, session: SocketSession, id: string, change: LiveSettings): Promise<void> {
    const before = this.settings();
    const after = { ...before, ...change };
    try {
      await auditSettingsChange(this.env, this.workspaceId, session, before, after);
    } catch (error) {
      return this.send(ws, {
        type: "error",
        id,
        code: "audit_unavailable",
        message: `The change was not made: it could not be recorded (${String(error)}).`,
      });
    }
    this.ctx.storage.kv.put("settings", after);
    this.send(ws, { type: "ack", id, result: { settings: after } });
    this.publishNow({ type: "settings:updated", settings: after, by: session.userId }, null);
    await this.drainOutbox(this.workspaceId);
  }

  /** Makes the alarm fire within `ms` (sooner if it is already due sooner). */
  private async scheduleAlarmWithin(ms: number): Promise<void> {
    const due = Date.now() + ms;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
  }

  private async scheduleIdleCheck(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + IDLE_CLOSE_MS / 2);
  }
}
