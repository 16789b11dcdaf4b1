/**
 * Server-Sent Events for one job: the fallback for clients that cannot hold a WebSocket. Events
 * carry their sequence number as the SSE id, so a reconnect with Last-Event-ID resumes the stream.
 */
import type { Holder } from "../../workers/workspaces/principal";
import type { EventLog } from "./event-log";
import type { SequencedEvent } from "./protocol";

const encoder = new TextEncoder();

function frame(event: SequencedEvent): Uint8Array {
  return encoder.encode(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

export class SseChannels {
  private readonly channels = new Set<{
    jobId: string;
    holder: Holder;
    writer: WritableStreamDefaultWriter<Uint8Array>;
  }>();

  /** Opens a stream of one job's events for `holder`, replaying those after `since` first. */
  open(jobId: string, holder: Holder, since: number | null, log: EventLog): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const channel = { jobId, holder, writer };
    // A client that hangs up at once makes these writes fail; that is not an error of ours.
    writer.write(encoder.encode(": connected\nretry: 2000\n\n")).catch(() => undefined);
    for (const event of log.since(since ?? 0, jobId)) writer.write(frame(event)).catch(() => undefined);
    this.channels.add(channel);
    writer.closed.catch(() => this.channels.delete(channel));
    return new Response(readable, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
      },
    });
  }

  /** Who holds each open stream. */
  holders(): Holder[] {
    return [...this.channels].map((channel) => channel.holder);
  }

  /** Ends the streams whose holder `keep` refuses (a privilege change); returns how many ended. */
  closeUnless(keep: (holder: Holder) => boolean): number {
    let closed = 0;
    for (const channel of this.channels) {
      if (keep(channel.holder)) continue;
      this.channels.delete(channel);
      channel.writer.close().catch(() => {});
      closed++;
    }
    return closed;
  }

  /** Sends an event to the streams of its job; a stream that cannot take it is dropped. */
  deliver(event: SequencedEvent): void {
    if (!("jobId" in event)) return;
    for (const channel of this.channels) {
      if (channel.jobId !== event.jobId) continue;
      channel.writer.write(frame(event)).catch(() => this.channels.delete(channel));
      // The stream ends with the job.
      if (event.type === "job:complete" || event.type === "job:error") {
        this.channels.delete(channel);
        channel.writer.close().catch(() => {});
      }
    }
  }
}
