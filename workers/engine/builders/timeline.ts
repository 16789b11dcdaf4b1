/**
 * Timeline: events in spoken order, each with the time it was said to happen ("2012", "4月",
 * "ten years later"). A sentence naming two times in two clauses ("6月は運動会、9月には修学旅行")
 * is two events; a clause or sentence without a time adds detail to the event before it.
 */
import type { AnalyzedSentence } from "../analysis/types";
import type { DiagramData, Language } from "../schema";
import { kanjiNumeralsToDigits } from "../text/kanji-numerals";
import { findTimes, type TimeExpression } from "../text/times";
import { tokenize } from "../text/tokens";
import { type BuildContext, foldUnkept, keepMostInformative } from "./context";
import { DiagramDraft } from "./draft";
import { capitalize, sentenceLabel } from "./labels";

interface TimelineEvent {
  sentence: AnalyzedSentence;
  times: TimeExpression[];
  parts: string[];
}

// Words that only attach a time to its clause: "in 2012", "2012年に", "at 6".
const EN_TIME_WORDS =
  /^(?:(?:in|on|at|by|from|around|since|until|during|through|and|then)\s+)+|(?:\s+(?:in|on|at|by|from|around|since|until|during|through))+$/gi;
const EN_PREPOSITION_BEFORE = /\s*\b(?:in|on|at|by|from|around|since|until|during|through|for)\s*$/i;
const JA_AFTER_TIME = /^(?:には|に|は|の|から|まで|で|も)/;
const EN_VERB_START = /^(?:was|is|were|will be|are)\b/i;

function clausesOf(text: string, language: Language): string[] {
  const pieces = text.replace(/[。.!?！？]+$/, "").split(language === "ja" ? /、/ : /,\s*|;\s*/);
  return pieces.map((p) => p.trim()).filter(Boolean);
}

/** A clause's words with its time expressions (and the particles tying them on) removed. */
function withoutTimes(clause: string, times: TimeExpression[], language: Language): string {
  let rest = "";
  let at = 0;
  for (const time of times) {
    const before = clause.slice(at, time.start);
    rest += language === "en" ? before.replace(EN_PREPOSITION_BEFORE, " ") : before;
    at = time.end;
    if (language === "ja") at += JA_AFTER_TIME.exec(clause.slice(at))?.[0].length ?? 0;
  }
  rest += clause.slice(at);
  return (language === "en" ? rest.replace(EN_TIME_WORDS, "") : rest).replace(/\s+/g, " ").trim();
}

function eventsOf(sentence: AnalyzedSentence, language: Language): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const clause of clausesOf(sentence.text, language)) {
    const times = findTimes(clause, tokenize(clause), language);
    const content = times.length ? withoutTimes(clause, times, language) : clause;
    const current = events[events.length - 1];
    if (times.length && (!current || current.parts.length > 0))
      events.push({ sentence, times, parts: content ? [content] : [] });
    else if (current) {
      current.times.push(...times);
      if (content) current.parts.push(content);
    } else events.push({ sentence, times, parts: content ? [content] : [] });
  }
  return events;
}

function eventLabel(event: TimelineEvent, language: Language): string {
  const joined = event.parts.join(language === "ja" ? "、" : ", ");
  const time = event.times.find((t) => t.absolute) ?? event.times[0];
  // "2018 was the year we went international": without its time the clause would not stand.
  if (!joined || (language === "en" && EN_VERB_START.test(joined)))
    return sentenceLabel(event.sentence.text, language, "event");
  return sentenceLabel(language === "en" ? capitalize(joined) : joined, language, "event") || (time?.text ?? "");
}

/** Events along a time axis, each carrying its time expression. */
export function buildTimeline(context: BuildContext): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  // When barely any sentence names a time, every sentence is an event: the order still tells time.
  const timed = context.body.filter((s) => s.times.length > 0);
  const candidates = timed.length >= Math.max(2, context.body.length / 3) ? timed : context.body;
  const kept = keepMostInformative(candidates, context.maxNodes, analysis);
  const events = kept.flatMap((sentence) => eventsOf(sentence, language)).slice(0, context.maxNodes);
  const nodeOf = new Map<number, string>();
  events.forEach((event, i) => {
    const time = event.times.find((t) => t.absolute) ?? event.times[0];
    const id = draft.addNode({
      label: eventLabel(event, language),
      kind: "event",
      level: i,
      time: time && (language === "ja" ? kanjiNumeralsToDigits(time.text) : time.text),
      sentences: [event.sentence.index],
    });
    if (!nodeOf.has(event.sentence.index)) nodeOf.set(event.sentence.index, id);
  });
  foldUnkept(draft, context.body, nodeOf);
  return draft.finish("timeline", context.title.title);
}
