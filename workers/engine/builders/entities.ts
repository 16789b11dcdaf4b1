/**
 * The things a network or concept map connects. Mentions come from the key-phrase extractor,
 * with Japanese "XのY" joined into one name (東京の倉庫, 体重の増加); a short name that only ever
 * abbreviates one longer one is folded into it ("payments" → "payments service", "大阪" → "大阪の
 * 倉庫"); a head shared by several names ("service", "システム") is a category, not a thing.
 */
import { type PhraseMention, phraseMentions } from "../analysis/phrases";
import type { Analysis, AnalyzedSentence } from "../analysis/types";
import { tokenize } from "../text/tokens";

export interface Entity {
  key: string;
  label: string;
  count: number;
  first: number;
}

export interface SentenceMentions {
  sentence: AnalyzedSentence;
  mentions: PhraseMention[];
}

function joinNo(text: string, mentions: PhraseMention[]): PhraseMention[] {
  const joined: PhraseMention[] = [];
  for (const mention of mentions) {
    const previous = joined[joined.length - 1];
    if (
      previous &&
      text.slice(previous.end, mention.start) === "の" &&
      previous.text.length + mention.text.length <= 12
    ) {
      const merged = text.slice(previous.start, mention.end);
      joined[joined.length - 1] = { key: merged, text: merged, start: previous.start, end: mention.end };
    } else joined.push(mention);
  }
  return joined;
}

/** Every sentence's mentions, in order, with Japanese XのY joined. */
export function mentionsBySentence(analysis: Analysis, sentences: AnalyzedSentence[]): SentenceMentions[] {
  return sentences.map((sentence) => {
    const mentions = phraseMentions(tokenize(sentence.text), sentence.text, analysis.language).filter((m) => !m.verbal);
    return { sentence, mentions: analysis.language === "ja" ? joinNo(sentence.text, mentions) : mentions };
  });
}

function firstWord(key: string): string {
  return key.split(" ")[0]!.replace(/s$/, "");
}

function lastWord(key: string): string {
  return key.split(" ").at(-1)!.replace(/s$/, "");
}

/**
 * Maps each mention key to the entity key it stands for (itself, a longer name, or nothing).
 * In English a short name folds into a longer one only when it is said less often than that
 * name: "Plants absorb sunlight …" keeps Plants apart from a stray "plant energy".
 */
export function resolveAliases(
  keys: string[],
  language: "ja" | "en",
  counts: Map<string, number> = new Map(),
): Map<string, string | undefined> {
  const resolved = new Map<string, string | undefined>();
  for (const key of keys) {
    // "payments" → "payments service", "temperature" → "global temperature", "大阪" → "大阪の倉庫".
    const single = key.replace(/s$/, "");
    const longer = keys.filter(
      (other) =>
        other !== key &&
        other.length > key.length &&
        (language === "ja"
          ? other.startsWith(key)
          : !key.includes(" ") && (firstWord(other) === single || lastWord(other) === single)),
    );
    const headOf = keys.filter((other) => other !== key && other.endsWith(language === "ja" ? key : ` ${key}`));
    const rarer =
      language === "ja" || (longer[0] !== undefined && (counts.get(key) ?? 0) < (counts.get(longer[0]) ?? 0));
    if (headOf.length >= 2) resolved.set(key, undefined);
    else if (longer.length === 1 && rarer) resolved.set(key, longer[0]);
    else resolved.set(key, key);
  }
  return resolved;
}

/** The `limit` entities most mentioned alongside another one, in order of first mention. */
export function chooseEntities(
  all: SentenceMentions[],
  limit: number,
  language: "ja" | "en",
): { entities: Entity[]; aliasOf: Map<string, string | undefined> } {
  const keys = [...new Set(all.flatMap((s) => s.mentions.map((m) => m.key)))];
  const counts = new Map<string, number>();
  for (const { mentions } of all) for (const m of mentions) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
  const aliasOf = resolveAliases(keys, language, counts);
  const byKey = new Map<string, Entity & { together: number }>();
  all.forEach(({ mentions }, index) => {
    const present = [...new Set(mentions.map((m) => aliasOf.get(m.key)).filter((k): k is string => Boolean(k)))];
    for (const mention of mentions) {
      const key = aliasOf.get(mention.key);
      if (!key) continue;
      const entity = byKey.get(key) ?? { key, label: mention.text, count: 0, first: index, together: 0 };
      if (mention.key === key) entity.label = mention.text;
      entity.count++;
      if (present.length >= 2) entity.together++;
      byKey.set(key, entity);
    }
  });
  // Things said alongside another are what a network is made of; a talk with too few of them
  // still gets its most mentioned things, unconnected, rather than an empty diagram.
  const connected = [...byKey.values()].filter((e) => e.together > 0);
  const ranked = (connected.length >= 2 ? connected : [...byKey.values()]).sort(
    (a, b) => b.count - a.count || a.first - b.first || (a.key < b.key ? -1 : 1),
  );
  const entities = ranked.slice(0, limit).sort((a, b) => a.first - b.first || (a.key < b.key ? -1 : 1));
  return { entities, aliasOf };
}
