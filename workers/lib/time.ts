/** ISO 8601 UTC timestamp for now, or for `ms` milliseconds since the epoch. */
export function isoNow(ms = Date.now()): string {
  return new Date(ms).toISOString();
}

/** ISO timestamp `seconds` from now. */
export function isoIn(seconds: number, from = Date.now()): string {
  return new Date(from + seconds * 1000).toISOString();
}
