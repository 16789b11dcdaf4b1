// A workspace WebSocket client that survives drops: after any close it reconnects with
// `?since=<last seq seen>` and checks that the stream continues with exactly the next seq — no
// gap, no repeat — and counts each job's end events (job:complete / job:error).
import { WebSocket } from "ws";

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
    this.stopped = false;
    this.ws = null;
  }

  /** Connects (resuming after the last seq seen, if any); resolves once the welcome arrived. */
  async connect() {
    while (!this.stopped) {
      try {
        await this.#open();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250)); // the platform may be restarting
      }
    }
  }

  #open() {
    return new Promise(async (resolve, reject) => {
      const since = this.lastSeq === undefined ? "" : `?since=${this.lastSeq}`;
      let token;
      try {
        token = await this.token();
      } catch (error) {
        return reject(error);
      }
      const ws = new WebSocket(this.url + since, { headers: { Authorization: `Bearer ${token}` } });
      let welcomed = false;
      ws.once("error", (error) => !welcomed && reject(error));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
      ws.on("message", (data) => {
        const message = JSON.parse(String(data));
        if (message.type === "welcome") {
          welcomed = true;
          if (this.lastSeq === undefined) this.firstSeq = this.lastSeq = message.latestSeq;
          this.ws = ws;
          resolve();
        } else if (message.type === "resync") {
          this.resyncs.push(message);
        } else if (typeof message.seq === "number") {
          this.#event(message);
        }
      });
      ws.on("close", () => {
        if (!welcomed || this.stopped) return;
        this.reconnects++;
        setTimeout(() => this.connect(), 100);
      });
      // The hub closes sockets that stay silent for 120 s.
      const pinger = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 30_000);
      ws.once("close", () => clearInterval(pinger));
    });
  }

  #event(event) {
    this.events++;
    if (event.seq <= this.lastSeq) this.repeats++;
    else if (event.seq !== this.lastSeq + 1) this.gaps.push([this.lastSeq + 1, event.seq - 1]);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    if (event.type === "job:complete" || event.type === "job:error") this.ends.set(event.jobId, (this.ends.get(event.jobId) ?? 0) + 1);
  }

  /** Drops the connection without a close handshake, as a lost network would; it resumes by itself. */
  drop() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.drops++;
    this.ws.terminate();
    return true;
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
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/v1/workspaces/${workspaceId}/ws`, { headers: { Authorization: `Bearer ${await token()}` } });
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
