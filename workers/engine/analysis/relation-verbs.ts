/**
 * English verbs that relate two things ("links", "causes", "affects"): the single-word relation
 * and link markers of the cue lexicon, minus the few that are as often nouns ("route", "cause").
 */
import { ENGLISH_CUES } from "./cue-lexicon";

const RELATION_NOUNS = new Set([
  "network",
  "hub",
  "hubs",
  "route",
  "routes",
  "relationship",
  "factors",
  "cause",
  "increase",
  "link",
  "matters",
  "why",
]);

const RELATION_VERBS = new Set(
  [...Object.keys(ENGLISH_CUES.relation), ...Object.keys(ENGLISH_CUES.link)].filter(
    (m) => !m.includes(" ") && !RELATION_NOUNS.has(m),
  ),
);

/** Whether a lower-cased word is a verb that relates things. */
export function isRelationVerb(lower: string): boolean {
  return RELATION_VERBS.has(lower);
}
