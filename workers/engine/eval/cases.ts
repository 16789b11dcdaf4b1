/** The whole labelled set: 110 monologues, ten per diagram type (five Japanese, five English). */
import { ENGLISH_CASES } from "./cases-en";
import { JAPANESE_CASES } from "./cases-ja";
import type { EvalCase } from "./eval-case";

export type { EvalCase } from "./eval-case";
export const EVAL_CASES: EvalCase[] = [...JAPANESE_CASES, ...ENGLISH_CASES];
