/** What `analyze` finds in a transcript: sentences, scenes, key phrases and structural cues. */
import type { Language } from "../schema";

/**
 * The structural signals a speaker gives, each pointing at one or more diagram types. "remark"
 * marks talk that is a set of remarks rather than a structure (announcements, thanks, opinions).
 */
export const CUE_KINDS = [
  "sequence",
  "condition",
  "hierarchy",
  "time",
  "comparison",
  "cycle",
  "relation",
  "link",
  "brainstorm",
  "matrix",
  "remark",
] as const;
export type CueKind = (typeof CUE_KINDS)[number];

/** One cue found in a sentence: which marker matched and how much it counts. */
export interface Cue {
  kind: CueKind;
  marker: string;
  /** 1 for an unambiguous marker ("otherwise", "繰り返し"), less for one that often means something else. */
  weight: number;
}

/** A transcript's timed piece, as speech-to-text produces it. */
export interface TimedSegment {
  start: number;
  end: number;
  text: string;
}

export interface AnalyzeInput {
  text: string;
  segments?: TimedSegment[];
  language?: Language;
}

export interface AnalyzedSentence {
  index: number;
  text: string;
  /** Character offsets into `Analysis.text`. */
  start: number;
  end: number;
  sceneId: string;
  cues: Cue[];
  /** Keys of the key phrases this sentence mentions, in order of first mention. */
  phraseKeys: string[];
  /** Time expressions as said ("2012", "April 1st", "4月"). */
  times: string[];
  isQuestion: boolean;
}

export interface KeyPhrase {
  /** Normalised form used to match mentions ("service" for "services"). */
  key: string;
  /** The surface form shown to people: the most frequent spelling. */
  text: string;
  score: number;
  count: number;
  /** Sentence indexes that mention the phrase, ascending. */
  sentences: number[];
}

/** A meaning unit of the transcript, timed so a video can reveal it while it is said. */
export interface Scene {
  id: string;
  start: number;
  end: number;
  text: string;
  sentenceIndexes: number[];
}

export interface Analysis {
  language: Language;
  /** The analysed text after normalisation and the length cap. */
  text: string;
  /** True when the input was longer than MAX_ANALYZED_CHARS or MAX_SENTENCES and the rest was ignored. */
  truncated: boolean;
  sentences: AnalyzedSentence[];
  scenes: Scene[];
  keyPhrases: KeyPhrase[];
  /** Sum of cue weights per kind over all sentences. */
  cueTotals: Record<CueKind, number>;
  /** Whether timings came from real segments (otherwise they are estimated from reading speed). */
  timed: boolean;
}
