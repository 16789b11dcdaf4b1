// A workspace WebSocket client that survives drops: after any close it reconnects with
// `?since=<last seq seen>` and checks that the stream continues with exactly the next seq — no
// gap, no repeat — and counts each job's end events (job:complete / job:error).
// Like the CLI's client (contracts/realtime-client.ts) it gives up on an attempt that brings no welcome
// within 10 s or closes before one, and replaces a socket whose pongs stop: a socket can be
// upgraded and then dropped by a restarting runtime before the hub's welcome, and a client that
// waited on it for ever would report a platform that never published.
import { WebSocket } from "ws";

const WELCOME_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;
const PONG_TIMEOUT_MS = 10_000;

export class EventFollower {
  /** `token()` gives a current access token (it is asked again on every reconnect). */
  constructor({ url, workspaceId, token }) {
    this.url = `${url.replace(/^http/, "ws")}/api/v1/workspaces/${workspaceId}/ws`;
    this.token = token;
    this.lastSeq = undefined;
    this.firstSeq = undefined;
    this.events = 0;
    this.gaps = [];
    this.repeats = 0;
    this.resyncs = [];
    this.drops = 0;
    this.reconnects = 0;
    this.ends = new Map();
    // For a report on a client that fell behind: how its connection attempts went.
    this.openFailures = 0;
    this.lastOpenError = null;
    this.lastOpenAt = null;
    this.lastWelcomeAt = null;
    this.lastCloseAt = null;
    this.stopped = false;
    this.ws = null;
  }

  /** Connects (resuming after the last seq seen, if any); resolves once the welcome arrived. */
  async connect() {
    while (!this.stopped) {
      try {
        await this.#open();
        return;
      } catch (error) {
        this.openFailures++;
        this.lastOpenError = String(error?.message ?? error);
        await new Promise((r) => setTimeout(r, 250)); // the platform may be restarting
      }
    }
  }

  #open() {
    // biome-ignore lint/suspicious/noAsyncPromiseExecutor: the executor awaits a ticket, and every await is inside its own try that rejects
    return new Promise(async (resolve, reject) => {
      const since = this.lastSeq === undefined ? "" : `?since=${this.lastSeq}`;
      let token;
      try {
        token = await this.token();
      } catch (error) {
        return reject(error);
      }
      this.lastOpenAt = new Date().toISOString();
      const ws = new WebSocket(this.url + since, { headers: { Authorization: `Bearer ${token}` } });
      let welcomed = false;
      const fail = (error) => {
        clearTimeout(welcomeTimer);
        reject(error);
        ws.terminate();
      };
      const welcomeTimer = setTimeout(
        () => fail(new Error(`no welcome within ${WELCOME_TIMEOUT_MS} ms`)),
        WELCOME_TIMEOUT_MS,
      );
      ws.once("error", (error) => !welcomed && fail(error));
      ws.once("unexpected-response", (_req, res) => fail(new Error(`upgrade answered ${res.statusCode}`)));
      let pongTimer;
      ws.on("message", (data) => {
        clearTimeout(pongTimer); // any frame shows the peer is alive
        pongTimer = undefined;
        const message = JSON.parse(String(data));
        if (message.type === "welcome") {
          clearTimeout(welcomeTimer);
          welcomed = true;
          this.lastWelcomeAt = new Date().toISOString();
          if (this.lastSeq === undefined) this.firstSeq = this.lastSeq = message.latestSeq;
          this.ws = ws;
          resolve();
        } else if (message.type === "resync") {
          this.resyncs.push(message);
        } else if (typeof message.seq === "number") {
          this.#event(message);
        }
      });
      ws.on("close", (code) => {
        if (!welcomed) return fail(new Error(`closed (${code}) before the welcome`));
        this.lastCloseAt = new Date().toISOString();
        if (this.stopped) return;
        this.reconnects++;
        setTimeout(() => this.connect(), 100);
      });
      // The hub closes sockets that stay silent for 120 s; a ping left unanswered means the socket is dead.
      const pinger = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN || pongTimer) return;
        ws.send('{"type":"ping"}');
        pongTimer = setTimeout(() => ws.terminate(), PONG_TIMEOUT_MS);
      }, PING_INTERVAL_MS);
      ws.once("close", () => {
        clearInterval(pinger);
        clearTimeout(pongTimer);
      });
    });
  }

  #event(event) {
    this.events++;
    if (event.seq <= this.lastSeq) this.repeats++;
    else if (event.seq !== this.lastSeq + 1) this.gaps.push([this.lastSeq + 1, event.seq - 1]);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    if (event.type === "job:complete" || event.type === "job:error")
      this.ends.set(event.jobId, (this.ends.get(event.jobId) ?? 0) + 1);
  }

  /** Drops the connection without a close handshake, as a lost network would; it resumes by itself. */
  drop() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.drops++;
    this.ws.terminate();
    return true;
  }

  /** How its connection went, for a report on a client that fell behind. */
  describe() {
    return `last seq ${this.lastSeq}, ${this.reconnects} reconnects, ${this.openFailures} failed opens (last: ${this.lastOpenError}), last open ${this.lastOpenAt}, last welcome ${this.lastWelcomeAt}, last close ${this.lastCloseAt}, socket ${this.ws?.readyState}`;
  }

  /** Waits until the stream has reached `seq` (or `ms` passed); true if it did. */
  async caughtUpTo(seq, ms = 15_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.lastSeq !== undefined && this.lastSeq >= seq) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  stop() {
    this.stopped = true;
    this.ws?.close(1000, "done");
  }
}

/** The hub's latest seq for a workspace, read from a fresh connection's welcome. */
export async function latestSeqOf({ url, workspaceId, token }) {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/v1/workspaces/${workspaceId}/ws`, {
    headers: { Authorization: `Bearer ${await token()}` },
  });
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (message.type !== "welcome") return;
      ws.close(1000);
      resolve(message.latestSeq);
    });
  });
}
