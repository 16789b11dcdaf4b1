/**
 * English node labels a person would write, from a spoken sentence: "First, the customer signs
 * the contract." → "Sign contract" (a step: its verb and object), "The first stage is
 * evaporation." → "Evaporation" (what the sentence names), "Apollo 11 landed on the Moon" →
 * "Apollo 11 landed on Moon" (an event keeps its subject). compromise tags the words, which
 * tells a verb from a noun ("signs the contract" vs "the contract"); the rules here only pick
 * which tagged words a label keeps. Labels are never cut with "…": an over-long one loses whole
 * trailing phrases until it fits.
 */
import nlp from "compromise/two";
import { MAX_EN_LABEL_WORDS } from "../limits";

export type LabelRole = "step" | "event" | "item";

const MAX_WORDS = MAX_EN_LABEL_WORDS;

interface Word {
  text: string;
  lower: string;
  tags: Set<string>;
  /** Punctuation after the word ends a clause ("," ";" ":"). */
  clauseEnd: boolean;
}

interface VerbMethods {
  two: {
    transform: {
      verb: {
        toInfinitive(word: string, model: object, tense?: string): string;
        conjugate(word: string, model: object): { Gerund?: string };
      };
    };
  };
}

// Discourse markers and ordinals that open a spoken step; the label never starts with them.
const OPENERS =
  /^(?:(?:and|but|so|okay|ok|well|um|uh|now|also|then|next|finally|lastly|afterwards|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|fifth|sixth|seventh|eighth|ninth|tenth|first of all|after that|once that's done|from there|in the end|at the end|to (?:start|begin)(?: with)?|step (?:one|two|three|four|five|six|\d+)(?: is)?(?: to)?|the (?:first|second|third|fourth|fifth|next|last|final) step is(?: to)?)\b[\s,:]*)+/i;
const SUBORDINATORS = new Set(
  "when if once after before as while because since until unless although though whenever whether".split(" "),
);
const EXAMPLE_STARTERS = new Set(["like", "such", "including", "e.g", "for example", "for instance"]);
const RELATIVES = new Set(["that", "which", "who", "whose", "where"]);
const PRONOUN_SUBJECTS = new Set(
  "i we you they it he she him her this that there these those someone everyone people".split(" "),
);
const DROPPED = new Set(
  "the a an our my your their its his her just also simply really actually straight then usually basically always even only".split(
    " ",
  ),
);
const AUXILIARIES = new Set(
  "will would can could should must may might shall do does did has have had need needs".split(" "),
);
// Auxiliaries that only carry tense ("will be closed" → "closed"); "can grow" keeps its meaning.
const TENSE_ONLY = new Set(["will", "would", "shall", "do", "does", "did", "has", "have", "had"]);
const COPULAS = new Set(["is", "are", "was", "were", "be", "been", "being", "'s", "'re"]);
// "The first stage is …", "Another idea is …": the subject only counts the items; the complement is the item.
const COUNTING_SUBJECT =
  /^(?:the |an? |my |our )?(?:(?:first|second|third|fourth|fifth|sixth|next|last|final|other|main|another|one|key|big|\w+th)\s+)?(?:stage|step|phase|part|area|thing|one|idea|option|point|reason|factor|type|kind|group|branch|topic)s?$/i;

// Built once per isolate from compromise's constant model.
const VERBS = (nlp.methods() as VerbMethods).two.transform.verb;
const MODEL = nlp.model();

// The lexicon and the pre-tagger only: compromise's post-tagger (its match rules) is four fifths of
// the tagging time and changed no content-evaluation figure, while a diagram labels every node.
const TAGGING = ["lexicon", "preTagger"];

function untagged(text: string): Word[] {
  return (text.match(/\S+/g) ?? []).map((token) => {
    const bare = token.replace(/[,;:—–]+$/, "");
    return { text: bare, lower: bare.toLowerCase(), tags: new Set<string>(), clauseEnd: bare !== token };
  });
}

function tagged(text: string): Word[] {
  try {
    // Contractions leave terms with no text of their own ("don't" → "do" + "n't" implied).
    return nlp
      .tokenize(text)
      .compute(TAGGING)
      .docs.flat()
      .filter((term) => term.text.trim() !== "")
      .map((term) => ({
        text: term.text.replace(/'s$/i, ""),
        lower: term.normal.replace(/'s$/, ""),
        tags: term.tags ?? new Set<string>(),
        clauseEnd: /[,;:—–]/.test(term.post),
      }));
  } catch {
    // The tagger throws on some degenerate input (long runs of initials, "A. A. A."); a label
    // must never fail a diagram, so such text is labelled by its words alone.
    return untagged(text);
  }
}

function clausesOf(words: Word[]): Word[][] {
  const clauses: Word[][] = [[]];
  for (const word of words) {
    clauses[clauses.length - 1]!.push(word);
    if (word.clauseEnd) clauses.push([]);
  }
  return clauses.filter((c) => c.length > 0);
}

/** "have" and "need" are auxiliaries only before a verb or "to" ("has to approve"), else main verbs. */
function isVerb(word: Word, next?: Word): boolean {
  if (!word.tags.has("Verb") || word.tags.has("Modal") || word.tags.has("Particle")) return false;
  if (!AUXILIARIES.has(word.lower)) return !word.tags.has("Auxiliary");
  // "I do right away", "we have three new colleagues": main verbs; "do not", "has to", "has been": auxiliaries.
  return (
    ["has", "have", "had", "need", "needs", "do", "does", "did"].includes(word.lower) &&
    (next === undefined || (next.lower !== "to" && next.lower !== "not" && !next.tags.has("Verb")))
  );
}

/**
 * Where the clause's main verb is: not inside a relative clause ("tasks that are urgent"), and
 * not a plural noun the tagger took for a verb ("Tasks that …", "… not urgent tasks,").
 */
function mainVerbAt(clause: Word[]): number {
  let relative = false;
  let relativeVerbs = 0;
  for (let i = 0; i < clause.length; i++) {
    const word = clause[i]!;
    const next = clause[i + 1];
    if (RELATIVES.has(word.lower) && i > 0) relative = true;
    // "we first check": the word after a pronoun subject (and an adverb) is its verb, whatever the tagger said.
    const afterPronoun = [clause[i - 1], clause[i - 2]].some(
      (w, k) =>
        w &&
        PRONOUN_SUBJECTS.has(w.lower) &&
        (k === 0 || clause[i - 1]!.tags.has("Adverb") || clause[i - 1]!.lower === "first"),
    );
    if (!relative && afterPronoun && word.tags.has("Noun") && !word.tags.has("Pronoun") && !word.tags.has("Plural"))
      return i;
    // "Ideas that are costly and valuable get a business case": the relative clause has one verb;
    // a second one after it is the main verb.
    // Verbs joined by "and" ("who buy often and spend a lot") still belong to the relative clause.
    const joined =
      ["and", "or", "to"].includes(clause[i - 1]?.lower ?? "") || RELATIVES.has(clause[i - 1]?.lower ?? "");
    if (relative && isVerb(word, next) && ++relativeVerbs >= 2 && !joined) return i;
    // "Cheap suppliers we use …": a word the tagger took for a verb before "we use" is the fronted object.
    if (!relative && isVerb(word, next) && next && PRONOUN_SUBJECTS.has(next.lower) && clause[i + 2]?.tags.has("Verb"))
      continue;
    if (relative || !isVerb(word, next)) continue;
    if (i === 0 && next && (RELATIVES.has(next.lower) || (word.tags.has("Gerund") && clause.length > 1))) continue;
    const previous = clause[i - 1];
    const pluralAtEnd = !next && word.lower.endsWith("s") && previous !== undefined && !previous.tags.has("Pronoun");
    if (pluralAtEnd && (previous.tags.has("Adjective") || previous.tags.has("Noun")) && !COPULAS.has(word.lower))
      continue;
    return i;
  }
  return -1;
}

function opensAside(clause: Word[]): boolean {
  const head = clause[0]!.lower;
  return (
    SUBORDINATORS.has(head) ||
    EXAMPLE_STARTERS.has(head) ||
    (head === "for" && ["example", "instance"].includes(clause[1]?.lower ?? ""))
  );
}

/** The clause that carries the statement: one with a main verb that is not a condition or an example. */
function mainClause(clauses: Word[][]): Word[] {
  return (
    clauses.find((c) => !opensAside(c) && mainVerbAt(c) >= 0) ?? clauses.find((c) => !opensAside(c)) ?? clauses[0] ?? []
  );
}

function tenseOf(word: Word): string | undefined {
  if (word.tags.has("PastTense")) return "PastTense";
  if (word.tags.has("Gerund")) return "Gerund";
  if (word.tags.has("PresentTense") && !word.tags.has("Infinitive")) return "PresentTense";
  return undefined;
}

function infinitive(word: Word): string {
  const tense = tenseOf(word);
  if (!tense) return word.text;
  const base = VERBS.toInfinitive(word.lower, MODEL, tense);
  return base || word.text;
}

/** A verb's -ing form ("market" → "marketing", "plan" → "planning"), for titles like "Marketing the new app". */
export function gerund(verb: string): string {
  return VERBS.conjugate(verb.toLowerCase(), MODEL).Gerund ?? `${verb}ing`;
}

/** Words a label keeps: no articles, possessive pronouns, auxiliaries or filler adverbs. */
function keepWords(all: Word[]): Word[] {
  // "a bit better" is "better"; articles go first, so "has been a big hit" sees "been big".
  const words = all.filter((w, i) => !DROPPED.has(w.lower) && !(w.lower === "bit" && all[i - 1]?.lower === "a"));
  return words.filter((w, i) => {
    // "first" counts a step before a verb ("we first check"); before a noun it names one ("the first person").
    if (w.lower === "first" && words[i + 1]?.tags.has("Verb")) return false;
    if (TENSE_ONLY.has(w.lower) && words[i + 1] && (words[i + 1]!.tags.has("Verb") || words[i + 1]!.lower === "to"))
      return false;
    if (["need", "needs"].includes(w.lower) && words[i + 1]?.lower === "to") return false;
    if (w.lower === "to" && AUXILIARIES.has(words[i - 1]?.lower ?? "")) return false;
    // "is closed" → "closed", "are cheaper" → "cheaper"; "is asking" and "don't be afraid" keep their verb.
    const next = words[i + 1];
    const finite =
      w.lower !== "be" ||
      ["will", "would", "can", "could", "may", "might", "must", "should"].includes(
        all[all.indexOf(w) - 1]?.lower ?? "",
      );
    if (
      COPULAS.has(w.lower) &&
      finite &&
      next &&
      !next.tags.has("Gerund") &&
      (next.tags.has("Verb") || next.tags.has("Adjective"))
    )
      return false;
    // A manner adverb before its verb ("simply drop") is filler; after it ("grow quickly") it is the point.
    return !(w.tags.has("Adverb") && w.lower.endsWith("ly") && words[i + 1]?.tags.has("Verb"));
  });
}

// A label may end after these only as a last resort: a phrase never ends in "of" or "the".
const BAD_ENDINGS = new Set(
  "of to and or but so with for in on at by from into that which who a an the as than is are".split(" "),
);

/** Drops whole trailing phrases until the label has at most MAX_WORDS words. */
function fit(words: Word[]): Word[] {
  if (words.length <= MAX_WORDS) return words;
  // Cut before a conjunction, preposition or relative pronoun: a phrase boundary.
  for (let end = MAX_WORDS; end >= 2; end--) {
    const next = words[end]!;
    const boundary =
      next.tags.has("Conjunction") ||
      next.tags.has("Preposition") ||
      RELATIVES.has(next.lower) ||
      SUBORDINATORS.has(next.lower) ||
      next.lower === "to" ||
      // "… error rate so we know": a purpose clause the tagger reads as an adverb.
      next.lower === "so";
    if (boundary && !BAD_ENDINGS.has(words[end - 1]!.lower)) return words.slice(0, end);
  }
  let end = MAX_WORDS;
  while (end > 2 && BAD_ENDINGS.has(words[end - 1]!.lower)) end--;
  return words.slice(0, end);
}

function join(words: Word[]): string {
  const text = words
    .map((w) => w.text)
    .join(" ")
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/[,;:.!?]+$/, "");
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * A subject of one or two names: capitalised where a capital means a name (not at the start of
 * the sentence, unless an opener such as "Next," came first), or with a capital inside ("GitHub", "HR").
 */
function namesAnActor(subject: Word[], afterOpener: boolean): boolean {
  const named = subject.filter((w) => !DROPPED.has(w.lower));
  if (named.length === 0 || named.length > 2) return false;
  return named.every(
    (w) => /[A-Z]/.test(w.text.slice(1)) || (/^[A-Z]/.test(w.text) && (afterOpener || subject.indexOf(w) > 0)),
  );
}

/** The label for what the sentence says, in the form its role needs. */
export function englishLabel(sentence: string, role: LabelRole): string {
  const plain = sentence
    .trim()
    .replace(OPENERS, "")
    .replace(/[.!?…]+$/, "");
  if (!plain) return "";
  const clause = mainClause(clausesOf(tagged(plain)));
  const verbAt = mainVerbAt(clause);
  let subject = verbAt > 0 ? clause.slice(0, verbAt) : [];
  let predicate = verbAt >= 0 ? clause.slice(verbAt) : clause;
  const subjectText = subject.map((w) => w.lower).join(" ");
  // "The first stage is evaporation": the item is what the counting subject is said to be.
  if (
    predicate[0] &&
    COPULAS.has(predicate[0].lower) &&
    (COUNTING_SUBJECT.test(subjectText) || PRONOUN_SUBJECTS.has(subjectText))
  ) {
    const complement = predicate.slice(1).filter((w) => w.lower !== "to");
    return join(fit(keepWords(complement)));
  }
  // "I simply drop": a pronoun subject, with or without an adverb, is no part of the label.
  const core = subject.filter(
    (w) =>
      !w.tags.has("Adverb") &&
      !w.tags.has("Auxiliary") &&
      !COPULAS.has(w.lower) &&
      !AUXILIARIES.has(w.lower) &&
      !DROPPED.has(w.lower),
  );
  if (core.length === 1 && PRONOUN_SUBJECTS.has(core[0]!.lower)) subject = [];
  // A subject with a relative clause ("Ideas that are costly") or a fronted object ("Cheap suppliers
  // we …") only repeats the classification; with it gone, a copula says nothing ("is a keeper" → "Keeper").
  if (subject.some((w, i) => i > 0 && RELATIVES.has(w.lower)) || PRONOUN_SUBJECTS.has(subject.at(-1)?.lower ?? "")) {
    subject = [];
    if (predicate.length > 1 && COPULAS.has(predicate[0]!.lower)) predicate = predicate.slice(1);
  }
  if (subject.every((w) => DROPPED.has(w.lower) || w.tags.has("Adverb"))) subject = [];
  // "We have three new colleagues": with no subject left, "have" says nothing.
  if (
    subject.length === 0 &&
    role !== "step" &&
    ["have", "has", "had"].includes(predicate[0]?.lower ?? "") &&
    predicate.length > 1
  )
    predicate = predicate.slice(1);
  if (role === "step" && predicate[0] && isVerb(predicate[0]) && !COPULAS.has(predicate[0].lower)) {
    // "Next, Kubernetes rolls out the pods": a named actor (a product, a team's acronym) is what
    // the step is about, so it keeps its subject, as an event does.
    if (namesAnActor(subject, plain !== sentence.trim().replace(/[.!?…]+$/, "")))
      return join(fit(keepWords([...subject, ...predicate])));
    const verb = predicate[0];
    // "screens the applications and calls the best candidates": a second verb is a second step.
    const second = predicate.findIndex(
      (w, i) => i > 1 && w.tags.has("Verb") && ["and", "then"].includes(predicate[i - 1]!.lower),
    );
    const own = second > 0 ? predicate.slice(0, second - 1) : predicate;
    predicate = [{ ...verb, text: infinitive(verb) }, ...own.slice(1)];
    const words = fit(keepWords(predicate));
    // "Import customer data into platform": a long step keeps its verb and object, not where it goes.
    const destination = words.findIndex((w, i) => i >= 3 && ["into", "onto"].includes(w.lower));
    return join(words.length > 4 && destination > 0 ? words.slice(0, destination) : words);
  }
  return join(fit(keepWords([...subject, ...predicate])));
}
