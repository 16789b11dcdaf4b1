/**
 * Meter events as CloudEvents 1.0 (JSON event format), one per line, for a billing provider to
 * ingest: OpenMeter takes them as they are (`subject` = customer, `type` = meter, `data.value`),
 * Stripe Meters map `type` → event_name, `subject` → customer, `data.value` → value and `id` →
 * identifier; Lago maps `id` → transaction_id and `type` → code. Nothing is sent from here.
 */
import type { UsageEvent } from "./ledger";

export const USAGE_EVENT_TYPE_PREFIX = "dev.zukai.usage.";

/** The unit each meter counts in. */
export const METER_UNITS: Record<string, string> = {
  audio_seconds: "second",
  diagrams: "diagram",
  render_seconds_720p: "second",
  render_seconds_1080p: "second",
  render_seconds_4k: "second",
  storage_gb_hours: "GB-hour",
  api_calls: "request",
};

/** One ledger row as a CloudEvent. */
export function toCloudEvent(event: UsageEvent) {
  return {
    specversion: "1.0",
    id: event.id,
    source: `/workspaces/${event.workspaceId}`,
    type: `${USAGE_EVENT_TYPE_PREFIX}${event.meter}`,
    subject: event.workspaceId,
    time: event.occurredAt,
    datacontenttype: "application/json",
    data: {
      meter: event.meter,
      value: event.quantity,
      unit: METER_UNITS[event.meter] ?? "unit",
      workspaceId: event.workspaceId,
      jobId: event.jobId,
    },
  };
}
