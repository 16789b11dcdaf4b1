/**
 * List prices of the metered units, in micro-dollars (µUSD) so that every amount is an integer.
 * Plans (included amounts, discounts) apply on top of these when invoices are computed.
 */
export const LIST_PRICES_MICRO_USD: Record<string, number> = {
  audio_seconds: 100, // $0.006 a minute
  diagrams: 2_000,
  render_seconds_720p: 200,
  render_seconds_1080p: 400,
  render_seconds_4k: 1_600,
};

/** Measured processing speeds on the reference runner (see bench/), for time estimates. */
export const PROCESSING_SPEED = {
  /** Transcription wall seconds per audio second (real-time factor). */
  transcriptionRtf: 0.35,
  /** Video seconds rendered per wall second, by resolution. */
  renderTimesRealTime: { "720p": 4.5, "1080p": 2, "4k": 0.5 } as Record<string, number>,
  diagramSeconds: 0.1,
};
