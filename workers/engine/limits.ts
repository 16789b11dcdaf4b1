/**
 * Bounds that keep the engine's time and output size predictable whatever it is given.
 * Everything past these is cut, never rejected, and `analyze` reports that it cut.
 */

/** The most characters of a transcript that are analysed; the rest is ignored (reported as `truncated`). */
export const MAX_ANALYZED_CHARS = 200_000;

/** The most sentences kept after segmentation; a 200k-character transcript rarely has more. */
export const MAX_SENTENCES = 4_000;

/** The most scenes a diagram carries; adjacent sentences merge beyond this. */
export const MAX_SCENES = 300;

/** The most characters a single sentence may have before it is cut into pieces. */
export const MAX_SENTENCE_CHARS = 600;

/** Default and hard ceiling for the number of nodes in a built diagram. */
export const DEFAULT_MAX_NODES = 24;
export const MAX_NODES = 120;
export const MAX_EDGES = 300;
export const MAX_GROUPS = 40;

/** Longest node label the contract accepts (characters); the engine itself writes 2–6 words or ≤ 14 Japanese characters. */
export const MAX_LABEL_CHARS = 160;
/** The full sentence(s) a node stands for, kept as its detail (tooltip, scene text). */
export const MAX_DETAIL_CHARS = 1_200;
export const MAX_TITLE_CHARS = 120;
export const MAX_EDGE_LABEL_CHARS = 60;
export const MAX_SCENE_TEXT_CHARS = 2_000;

/** The most segments read from a timed transcript. */
export const MAX_SEGMENTS = 20_000;

/** The label budget (DESIGN §6): at most this many words in English, characters in Japanese. */
export const MAX_EN_LABEL_WORDS = 6;
export const MAX_JA_LABEL = 14;
