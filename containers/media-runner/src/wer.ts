/**
 * Word error rate: the word-level Levenshtein distance between a reference transcript and a
 * hypothesis, divided by the number of reference words. Case and punctuation are normalised
 * away first, because engines disagree on them and they are not what WER measures.
 */

export interface WordErrors {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** substitutions + deletions + insertions */
  errors: number;
  referenceWords: number;
}

/** Lower-cases, drops punctuation (keeping in-word apostrophes) and splits into words. */
export function normalizeWords(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[‘’]/g, "'")
      // Hyphens and slashes join words ("cold-hearted"); treat them as spaces.
      .replace(/[-‐‑–—/]/g, " ")
      .replace(/[^\p{L}\p{N}'\s]/gu, "")
      .split(/\s+/)
      .map((word) => word.replace(/^'+|'+$/g, ""))
      .filter((word) => word !== "")
  );
}

/** Counts the minimum substitutions, deletions and insertions turning reference into hypothesis. */
export function wordErrors(reference: string, hypothesis: string): WordErrors {
  const ref = normalizeWords(reference);
  const hyp = normalizeWords(hypothesis);
  // One row of the edit-distance table at a time, each cell remembering how it was reached.
  type Cell = { cost: number; s: number; d: number; i: number };
  const unreachable: Cell = { cost: Number.POSITIVE_INFINITY, s: 0, d: 0, i: 0 };
  const at = (cells: Cell[], index: number): Cell => cells[index] ?? unreachable;
  let previous: Cell[] = hyp.map((_, j) => ({ cost: j + 1, s: 0, d: 0, i: j + 1 }));
  previous.unshift({ cost: 0, s: 0, d: 0, i: 0 });
  for (let r = 1; r <= ref.length; r++) {
    const row: Cell[] = [{ cost: r, s: 0, d: r, i: 0 }];
    for (let h = 1; h <= hyp.length; h++) {
      const diagonal = at(previous, h - 1);
      const above = at(previous, h);
      const left = at(row, h - 1);
      const same = ref[r - 1] === hyp[h - 1];
      const options: Cell[] = [
        { ...diagonal, cost: diagonal.cost + (same ? 0 : 1), s: diagonal.s + (same ? 0 : 1) },
        { ...above, cost: above.cost + 1, d: above.d + 1 },
        { ...left, cost: left.cost + 1, i: left.i + 1 },
      ];
      row.push(options.reduce((best, option) => (option.cost < best.cost ? option : best)));
    }
    previous = row;
  }
  const last = at(previous, hyp.length);
  return {
    substitutions: last.s,
    deletions: last.d,
    insertions: last.i,
    errors: last.cost,
    referenceWords: ref.length,
  };
}

/** WER of one hypothesis; an empty reference scores 0 when the hypothesis is empty too, else 1. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const counts = wordErrors(reference, hypothesis);
  if (counts.referenceWords === 0) return counts.errors === 0 ? 0 : 1;
  return counts.errors / counts.referenceWords;
}

/** Corpus WER: all errors over all reference words (not the mean of per-utterance rates). */
export function corpusWordErrorRate(pairs: ReadonlyArray<{ reference: string; hypothesis: string }>): number {
  let errors = 0;
  let words = 0;
  for (const { reference, hypothesis } of pairs) {
    const counts = wordErrors(reference, hypothesis);
    errors += counts.errors;
    words += counts.referenceWords;
  }
  return words === 0 ? 0 : errors / words;
}
