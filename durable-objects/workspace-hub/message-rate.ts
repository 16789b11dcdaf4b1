/**
 * How fast one socket may send: a token bucket per socket, kept in memory. Without it a single
 * client could keep its workspace's hub busy with valid frames (each one parsed, answered and
 * possibly written to storage) and starve every other member. A socket woken from hibernation
 * starts with a full bucket, which is fine: it was idle.
 */

/** Frames a socket may send in a burst. */
export const MESSAGE_BURST = 60;
/** Frames a socket may send per second, sustained. */
export const MESSAGES_PER_SECOND = 20;

interface Bucket {
  tokens: number;
  at: number;
}

/** Per-socket budgets for inbound frames. */
export class MessageBudget {
  private readonly buckets = new WeakMap<WebSocket, Bucket>();

  /** Takes one frame's token; false when the socket is over its rate. */
  take(ws: WebSocket, now = Date.now()): boolean {
    const bucket = this.buckets.get(ws) ?? { tokens: MESSAGE_BURST, at: now };
    bucket.tokens = Math.min(MESSAGE_BURST, bucket.tokens + ((now - bucket.at) / 1000) * MESSAGES_PER_SECOND);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(ws, bucket);
    return allowed;
  }
}
