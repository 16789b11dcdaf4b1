/** The content evaluation's two parts: tuned (developed against) and held-out (never tuned on). */
import type { ContentCase } from "./content-case";
import { HELD_OUT_EN } from "./held-out-en";
import { HELD_OUT_JA } from "./held-out-ja";
import { TUNED_EN } from "./tuned-en";
import { TUNED_JA } from "./tuned-ja";

export const TUNED_CASES: ContentCase[] = [...TUNED_EN, ...TUNED_JA];
export const HELD_OUT_CONTENT_CASES: ContentCase[] = [...HELD_OUT_EN, ...HELD_OUT_JA];
