/**
 * Chunk planning: cut the file into ~30 s pieces at the middle of a silence, so no word is split
 * and memory stays flat. The plan is a pure function of the silence scan, so a second run over
 * the same file gives identical boundaries; the Worker relies on that to resume at startChunk.
 */
import type { Silence } from "./silence.ts";

export interface Chunk {
  index: number;
  start: number;
  end: number;
}

export interface ChunkingPolicy {
  targetSeconds: number;
  /** Hard cut when no silence falls in the window. */
  maxSeconds: number;
  /** A cut never makes a chunk shorter than this (tiny chunks waste an engine start). */
  minSeconds: number;
}

export const DEFAULT_CHUNKING: ChunkingPolicy = { targetSeconds: 30, maxSeconds: 45, minSeconds: 15 };

/** Rounds to the millisecond so boundaries print the same everywhere. */
function ms(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Plans chunk boundaries over [0, duration] from the detected silences. */
export function planChunks(
  durationSeconds: number,
  silences: readonly Silence[],
  policy: ChunkingPolicy = DEFAULT_CHUNKING,
): Chunk[] {
  const duration = ms(durationSeconds);
  if (duration <= 0) return [];
  const midpoints = silences.map((silence) => ms((silence.start + silence.end) / 2)).sort((a, b) => a - b);
  const chunks: Chunk[] = [];
  let start = 0;
  while (duration - start > policy.maxSeconds) {
    const target = start + policy.targetSeconds;
    const candidates = midpoints.filter((cut) => cut >= start + policy.minSeconds && cut <= start + policy.maxSeconds);
    // Nearest to the target; on a tie the earlier cut wins, which keeps the plan deterministic.
    const best = candidates.reduce<number | null>(
      (chosen, cut) => (chosen === null || Math.abs(cut - target) < Math.abs(chosen - target) ? cut : chosen),
      null,
    );
    const end = best ?? ms(start + policy.maxSeconds);
    chunks.push({ index: chunks.length, start, end });
    start = end;
  }
  chunks.push({ index: chunks.length, start, end: duration });
  return chunks;
}
