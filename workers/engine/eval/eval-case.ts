/**
 * The labelled evaluation set's shape. Each text is a short spoken monologue, labelled with the
 * diagram a person would draw for it. The texts were written before the detector, and are not
 * edited to please it: a miss is a finding, not a reason to rephrase.
 */
import type { DiagramType, Language } from "../schema";

export interface EvalCase {
  id: string;
  language: Language;
  /** What a human would draw. Agreement is measured against this only. */
  expected: DiagramType;
  /** Also defensible for an ambiguous text; reported separately, never counted as agreement. */
  acceptable?: DiagramType[];
  /** Deliberately hard: few or no cue words, or a mix of structures. */
  hard?: boolean;
  text: string;
}
