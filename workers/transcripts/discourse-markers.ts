/**
 * The spoken cues that start a sentence when an engine gives no punctuation, and the words that
 * bind the next one to them ("the first", "and so"). English only; Japanese has its own list in
 * restore-japanese.ts.
 */

export interface Marker {
  /** Words of the marker, lower case. */
  words: readonly string[];
  /** Strong markers start a sentence on their own; weak ones need a pause before them as well. */
  strength: "strong" | "weak";
  /** Whether a comma follows it at the start of a sentence ("Finally, the customer …"). */
  comma: boolean;
}

const marker = (phrase: string, strength: Marker["strength"], comma: boolean): Marker => ({
  words: phrase.split(" "),
  strength,
  comma,
});

// Longest first, so "after that" wins over "after".
export const MARKERS: readonly Marker[] = [
  marker("on the other hand", "strong", true),
  marker("to begin with", "strong", true),
  marker("in other words", "strong", true),
  marker("in conclusion", "strong", true),
  marker("in summary", "strong", true),
  marker("to summarize", "strong", true),
  marker("to sum up", "strong", true),
  marker("for example", "strong", true),
  marker("for instance", "strong", true),
  marker("after that", "strong", true),
  marker("in addition", "weak", true),
  marker("that means", "weak", false),
  marker("this means", "weak", false),
  marker("first of all", "strong", true),
  marker("first", "strong", true),
  marker("firstly", "strong", true),
  marker("second", "strong", true),
  marker("secondly", "strong", true),
  marker("third", "strong", true),
  marker("thirdly", "strong", true),
  marker("fourth", "strong", true),
  marker("fifth", "strong", true),
  marker("next", "strong", true),
  marker("then", "strong", false),
  marker("afterwards", "strong", true),
  marker("finally", "strong", true),
  marker("lastly", "strong", true),
  marker("however", "strong", true),
  marker("meanwhile", "strong", true),
  marker("otherwise", "weak", true),
  marker("but", "weak", false),
  marker("because", "weak", false),
  marker("if", "weak", false),
  marker("when", "weak", false),
  marker("so", "weak", false),
  marker("also", "weak", true),
  marker("instead", "weak", true),
  marker("although", "weak", false),
];

/** A word before a marker that makes it part of the phrase it is in ("the first", "is next", "we then"). */
export const BINDING_WORDS = new Set([
  "the",
  "a",
  "an",
  "this",
  "that",
  "these",
  "those",
  "my",
  "our",
  "your",
  "their",
  "its",
  "his",
  "her",
  "at",
  "to",
  "of",
  "in",
  "on",
  "by",
  "for",
  "from",
  "with",
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "am",
  "will",
  "would",
  "can",
  "could",
  "should",
  "must",
  "may",
  "might",
  "do",
  "does",
  "did",
  "not",
  "we",
  "i",
  "you",
  "they",
  "he",
  "she",
  "it",
  "who",
  "which",
  "and",
  "or",
  "even",
  "only",
  "just",
  "very",
  "since",
  "until",
  "till",
  // A date: "on april first", "june second".
  ...[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
  ],
  "back",
  "come",
  "comes",
  "came",
  "what",
  "than",
  "as",
  "if",
  "because",
  "but",
  "so",
  "when",
  "whether",
]);

/** Words after a marker that make it an adjective or a time, not a cue ("next week", "so that", "first time"). */
export const BINDING_NEXT: Readonly<Record<string, ReadonlySet<string>>> = {
  next: new Set(["week", "month", "year", "day", "time", "morning", "quarter", "to", "one"]),
  first: new Set(["time", "place", "one", "of", "name"]),
  second: new Set(["time", "place", "one", "half", "of", "or"]),
  so: new Set(["that", "much", "many", "far", "long", "on", "to"]),
  // biome-ignore lint/suspicious/noThenProperty: "then" is the spoken word, not a thenable
  then: new Set(["on"]),
  also: new Set(["known"]),
  when: new Set(["to"]),
};

/** No comma between a marker and these ("First step is …", "Second, we …" keeps one). */
export const NO_COMMA_BEFORE = new Set([
  "step",
  "stage",
  "phase",
  "part",
  "is",
  "are",
  "was",
  "were",
  "thing",
  "of",
  "and",
  "one",
]);

/** Subordinators after which the first pause in the sentence is a comma ("If the payment fails, we retry"). */
export const SUBORDINATORS = new Set([
  "if",
  "when",
  "because",
  "although",
  "once",
  "while",
  "after",
  "before",
  "since",
  "unless",
  "whenever",
]);

const WH = new Set(["what", "why", "how", "who", "where", "which", "when"]);
const AUXILIARIES = new Set([
  "is",
  "are",
  "was",
  "were",
  "do",
  "does",
  "did",
  "can",
  "could",
  "should",
  "would",
  "will",
  "has",
  "have",
  "shall",
]);
const SUBJECTS = new Set(["you", "we", "i", "it", "they", "he", "she", "this", "that", "there", "these", "those"]);

/** Whether a sentence that starts with these words is a question ("how does it work", "can we …"). */
export function isQuestion(words: readonly string[]): boolean {
  const [first = "", second = ""] = words;
  return (WH.has(first) && AUXILIARIES.has(second)) || (AUXILIARIES.has(first) && SUBJECTS.has(second));
}

/** The marker that starts at `i`, if any. */
export function markerAt(words: readonly string[], i: number): Marker | undefined {
  return MARKERS.find((m) => m.words.every((word, k) => words[i + k] === word));
}
