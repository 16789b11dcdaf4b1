/**
 * The clock. Everything that stamps or measures time asks `now()`, so a test can move time on
 * (retry budgets, leases, retention) with `setClock` instead of waiting.
 */

type Clock = () => number;

const systemClock: Clock = () => Date.now();
// Not a binding (DESIGN §4 rule 3): the one piece of process state is which clock to read.
let current: Clock = systemClock;

/** Milliseconds since the epoch on the current clock. */
export function now(): number {
  return current();
}

/** Replaces the clock (tests); answers a function that puts the system clock back. */
export function setClock(clock: Clock): () => void {
  current = clock;
  return () => {
    current = systemClock;
  };
}

/** ISO 8601 UTC timestamp for now, or for `ms` milliseconds since the epoch. */
export function isoNow(ms = now()): string {
  return new Date(ms).toISOString();
}

/** ISO timestamp `seconds` from now. */
export function isoIn(seconds: number, from = now()): string {
  return new Date(from + seconds * 1000).toISOString();
}
