/** The whole labelled set: 55 monologues, five per diagram type, half Japanese and half English. */
import { ENGLISH_CASES } from "./cases-en";
import { JAPANESE_CASES } from "./cases-ja";
import type { EvalCase } from "./eval-case";

export type { EvalCase } from "./eval-case";
export const EVAL_CASES: EvalCase[] = [...JAPANESE_CASES, ...ENGLISH_CASES];
