/**
 * "Head and items" statements, the raw material of trees and mind maps: "Sales includes the
 * enterprise group and the self-serve group", "Under strings you have violin, viola and cello",
 * "For food, pizza or tacos", "開発本部にはプロダクト開発部と研究部が含まれます", "食べ物なら、屋台".
 */
import type { Language } from "../schema";
import { splitList } from "../text/lists";

export interface Statement {
  /** What the items belong to, as said; absent when the sentence only lists. */
  head?: string;
  items: string[];
  /** For a sentence with a head but no list: the rest of what it says. */
  rest?: string;
}

const EN_UNDER =
  /^(?:(?:and|so|then)\s+)?under\s+(?:the\s+)?([^,]{2,40}?)(?:,|\s+(?:you|there|we|is|are|sits?|comes?)\b)/i;
const EN_THERE =
  /^(?:(?:and|so)\s+)?(?:in\s+|on\s+|at\s+)?(?:the\s+)?([a-z][\w\s-]{1,30}?),?\s+(?:there's|there is|there are|you'll find|you have|we have)\s/i;
const EN_HIERARCHY_VERB =
  /\s(?:is split into|is divided into|can be divided into|are divided into|is broken down into|is made up of|is organised into|is organized into|is grouped into|consists of|includes|include|contains|covers|has|have|come in|comes in|is|are)\s/i;
const EN_TOPIC = /^(?:(?:and|so|also|okay|um)[,\s]+)*(?:for|as for|on|about|regarding)\s+([^,]{2,40}),\s*(.*)$/i;
const EN_WISE = /^(?:(?:and|so)[,\s]+)?([\w\s]{2,30}?)-wise,\s*(.*)$/i;
// "The first area is social media: …", "The fourth area is partnerships with local shops …".
const EN_BRANCH =
  /^(?:(?:and|so)[,\s]+)?(?:one|another|a second|a third|the (?:first|second|third|fourth|fifth|sixth|last|next|final)|the other) (?:branch|area|topic|theme|idea|category|part|group|pillar) (?:is|are|would be)\s+([^,:]{2,40}?)(?:[:,]\s*|\s+(?=(?:with|like|such as|including)\s))(.*)$/i;
const EN_COLON = /^(?:(?:and|so)[,\s]+)?([A-Za-z][\w\s-]{1,30}):\s*(.*)$/;
const EN_COMMA_HEAD =
  /^(?:(?:and|so|also)[,\s]+)?((?:the|our|my|there's the|then the)\s+[\w\s-]{2,30}?|[A-Za-z][\w-]{2,20}),\s*(.*)$/i;
const EN_COPULA_HEAD =
  /^(?:(?:and|so|also)[,\s]+)?(?:the |our |my )?([\w\s-]{2,25}?)\s+(?:could be|would be|might be|is|are|will be)\s+(.*)$/i;
const EN_DISCOURSE = /^(?:so|well|okay|ok|honestly|anyway|also|and|but|then|now|maybe|yes|no|yeah|hmm|um)$/i;
// "一つ目はSNSで、短い動画、…": the ordinal counts the branches; the branch is what follows it.
const JA_COUNTED_TOPIC =
  /^(?:[一二三四五六七八九十\d]+(?:つ目|番目)|第[一二三四五六七八九十\d]+|最後|次)は、?([^、。]{1,12}?)(?:です|で|が|として)、(.+)$/;
const JA_TOPIC =
  /^(?:それから|あとは|あと|また|さらに|そして|それと)?、?([^、。]{1,16}?)(?:の下には|の下に|の中は|の中には|の代表は|の代表例は|の例は|としては|の案としては|面では|なら|では|だと|には|は|で(?=、))、?(.*)$/;
const EN_LEADING_ARTICLES = /^(?:the|a|an|our|my|their)\s+/i;

function cleanHead(head: string): string {
  return head
    .replace(EN_LEADING_ARTICLES, "")
    .replace(/\s+(?:themselves|itself|also|too)$/i, "")
    .trim();
}

/** A hierarchy statement: which parent ("Engineering", "営業本部") gets which children. */
export function treeStatement(sentence: string, language: Language): Statement {
  const items = splitList(sentence, language);
  if (language === "ja") {
    const topic = JA_TOPIC.exec(sentence);
    const listInRest = topic ? splitList(topic[2]!, language) : [];
    if (topic && listInRest.length >= 2) return { head: topic[1]!, items: listInRest };
    const below = /^(?:その|この)?(.{0,16}?)の?下に(?:は)?、?(.{1,20}?)(?:が|を)/.exec(sentence);
    if (below && items.length < 2) return { head: below[1] || undefined, items: [below[2]!] };
    const top = /一番上に(.{1,20}?)(?:が|を)/.exec(sentence);
    if (top) return { items: [top[1]!] };
    return { items };
  }
  const under = EN_UNDER.exec(sentence);
  if (under) return { head: cleanHead(under[1]!), items: items.length ? items : [] };
  if (items.length < 2) return { items: [] };
  const there = EN_THERE.exec(sentence);
  if (there) return { head: cleanHead(there[1]!), items };
  const verb = EN_HIERARCHY_VERB.exec(sentence);
  if (verb && verb.index > 0) {
    const head = cleanHead(sentence.slice(0, verb.index).replace(/^(?:and|so|then|but)[,\s]+/i, ""));
    if (head.split(" ").length <= 5 && !/^(?:there|it|they|this|that|we|you|i)$/i.test(head)) return { head, items };
  }
  return { items };
}

/** A mind-map statement: a topic ("For food", "食べ物なら") and the ideas said about it. */
export function mindmapStatement(sentence: string, language: Language): Statement {
  if (language === "ja") {
    const topic = JA_COUNTED_TOPIC.exec(sentence) ?? JA_TOPIC.exec(sentence);
    if (topic?.[2]) {
      const items = splitList(topic[2], language);
      return items.length >= 2 ? { head: topic[1]!, items } : { head: topic[1]!, items: [], rest: topic[2] };
    }
    return { items: splitList(sentence, language) };
  }
  const comma = EN_COMMA_HEAD.exec(sentence);
  const copula = EN_COPULA_HEAD.exec(sentence);
  const match =
    EN_BRANCH.exec(sentence) ??
    EN_TOPIC.exec(sentence) ??
    EN_WISE.exec(sentence) ??
    EN_COLON.exec(sentence) ??
    (comma && !EN_DISCOURSE.test(comma[1]!) ? comma : null) ??
    (copula && splitList(copula[2]!, language).length >= 2 ? copula : null);
  if (match) {
    const items = splitList(match[2]!, language);
    return items.length >= 2
      ? { head: cleanHead(match[1]!), items }
      : { head: cleanHead(match[1]!), items: [], rest: match[2] };
  }
  return { items: splitList(sentence, language) };
}

/** "The central theme … is X" / "テーマは健康です": the hub of a mind map when the talk names it. */
export function centralTheme(sentence: string, language: Language): string | undefined {
  const match =
    language === "ja"
      ? /(?:中心の)?テーマは、?「?([^」。、]{1,20})」?(?:です|だ|にしたい)/.exec(sentence)
      : /\b(?:central|main|core) (?:theme|idea|topic)(?: for [^,]{1,30})? is\s+([^,.;]{2,50})/i.exec(sentence);
  return match?.[1]?.trim();
}
