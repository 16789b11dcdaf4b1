/**
 * Network and concept map: things and how they connect. Within a sentence, the words between
 * two mentions say how they relate ("talks to", "causes", "につながる"); "and"/"と" between
 * mentions shares one relation among several things. A network keeps the connections plain and
 * undirected; a concept map keeps their direction and their wording as edge labels.
 */
import { lexiconVerb, type PhraseMention } from "../analysis/phrases";
import { isRelationVerb } from "../analysis/relation-verbs";
import type { DiagramData } from "../schema";
import { isEnglishVerb } from "../text/stopwords";
import { type BuildContext, foldUnkept } from "./context";
import { DiagramDraft } from "./draft";
import { chooseEntities, mentionsBySentence } from "./entities";
import { terseJapanese } from "./ja-endings";
import { capitalize, shorten } from "./labels";

const MAX_ENTITIES = 16;
const MIN_LINKED_CONCEPTS = 4;
// Entities are found in the first sentences only: enough for any diagram a person can read.
const MAX_SCANNED_SENTENCES = 400;
const EN_COORDINATOR = /^[\s,]*(?:(?:and|or|as well as|plus)\s+)?(?:(?:the|a|an|both|also)\s+)*[\s,]*$/i;
const JA_COORDINATOR = /^(?:と|や|、|,|とも|も|及び|および)+$/;
const EN_FILLER =
  /^(?:[\s,]*(?:which|that|who|then|also|both|in turn|and|the|a|an|is|are)\b)+|(?:\b(?:the|a|an|to the|of the|from the|into|in the)\s*)+$/gi;

// What travels along a connection, not what it connects: "direct flights to Seoul", "毎日トラックが出ています".
const EN_CARRIERS =
  /^(?:(?:direct|daily|regular|weekly|non-stop)\s+)?(?:flights?|routes?|connections?|links?|trains?|trucks?|buses|bus|ferries|ferry|ships?|hubs?|data|messages?|requests?|traffic|parcels?|packages?|goods|shipments?|mail|deliveries)$/i;
// "our main depot in Leeds": a generic place named by where it is; the place is the node.
const EN_PLACE_IN =
  /^(?:(?:main|central|head|new|old)\s+)?(?:hub|depot|office|base|warehouse|headquarters|branch|site|plant|factory|centre|center)$/i;
const JA_CARRIERS = /^(?:トラック|電車|船|便|飛行機|バス|データ|情報|メッセージ|通知|荷物)$/;

/** A network's mentions without carriers and, in Japanese, without objects (データを) and means (船で). */
function connectedThings(text: string, mentions: PhraseMention[], language: "ja" | "en"): PhraseMention[] {
  return mentions.filter((m) => {
    if ((language === "ja" ? JA_CARRIERS : EN_CARRIERS).test(m.text)) return false;
    if (language === "en" && EN_PLACE_IN.test(m.text) && /^\s+(?:in|at)\s+/i.test(text.slice(m.end))) return false;
    // "品川を通って" passes through a node; "データを送る" and "船で" name what is sent and how.
    return language === "en" || !/^(?:を(?!通|経由)|で(?!は|も))/.test(text.slice(m.end));
  });
}

interface Link {
  from: string;
  to: string;
  label: string;
}

function isVerb(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    isEnglishVerb(lower) ||
    isRelationVerb(lower) ||
    lexiconVerb(lower) ||
    (lower.length > 3 && lower.endsWith("s") && !lower.endsWith("ss"))
  );
}

/**
 * The words that say how two things relate, from the last verb on ("in the leaves absorbs" →
 * "absorbs", "to ask for" → "ask for"); no verb, no label.
 */
function englishRelation(between: string): string {
  const words = between
    .replace(/[,;:]/g, " ")
    .replace(EN_FILLER, "")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  let verbAt = -1;
  words.forEach((w, i) => {
    if (isVerb(w)) verbAt = i;
  });
  // A verb followed by its particle ("leads to", "depends on") keeps the particle.
  if (verbAt > 0 && isVerb(words[verbAt - 1]!) && words.length - verbAt <= 1) verbAt--;
  return verbAt < 0 ? "" : words.slice(verbAt, verbAt + 3).join(" ");
}

function japaneseRelation(after: string): string {
  // "につながっています" → "つながっている"; "を下げるので" → "下げる"
  const clause = after.split(/[、。]/)[0] ?? "";
  const verb = clause
    .replace(/^(?:には|とは|とも|から|まで|では|[はがをにでともへの])/, "")
    .replace(/(?:ので|から|けど|けれど|が|し|て|と)$/, "");
  return terseJapanese(verb).slice(0, 10);
}

/** Links said in one English sentence. */
// "turns water and carbon dioxide into glucose": the objects go into the process, the result comes out.
const TRANSFORMS = /^(?:turns?|converts?|changes?|transforms?|makes?)$/i;
// A thing tied on by a preposition alone ("from the soil", "into the air", "with chlorophyll")
// qualifies the relation before it; a concept map draws no arrow for it.
const ADJUNCT = /^[\s,]*(?:from|into|with|through|in|on|at|of|for|by|inside|within)\b/i;

/** Links said in one English sentence; a concept map (directed) skips bare prepositional ties. */
function englishLinks(text: string, mentions: { key: string; m: PhraseMention }[], directed: boolean): Link[] {
  const links: Link[] = [];
  let sources = [mentions[0]!.key];
  let active: { sources: string[]; label: string; objects: string[] } | undefined;
  for (let i = 1; i < mentions.length; i++) {
    const between = text.slice(mentions[i - 1]!.m.end, mentions[i]!.m.start);
    const key = mentions[i]!.key;
    if (EN_COORDINATOR.test(between)) {
      if (active) {
        for (const from of active.sources) links.push({ from, to: key, label: active.label });
        active.objects.push(key);
      } else sources.push(key);
      continue;
    }
    const label = englishRelation(between);
    if (directed && active && !label && /^\s*into\b/i.test(between) && TRANSFORMS.test(active.label)) {
      const objects = new Set(active.objects);
      const kept = links.filter((l) => !(objects.has(l.to) && active!.sources.includes(l.from)));
      links.length = 0;
      links.push(
        ...kept,
        ...active.objects.flatMap((o) => active!.sources.map((s) => ({ from: o, to: s, label: "" }))),
      );
      for (const from of active.sources) links.push({ from, to: key, label: `${active.label} into` });
      sources = [key];
      continue;
    }
    const from = active ? [mentions[i - 1]!.key] : sources;
    const adjunct = directed && !label && ADJUNCT.test(between);
    if (!adjunct) for (const f of from) links.push({ from: f, to: key, label });
    // "take up water from the soil": the soil is where the water comes from; "into the air": where it goes.
    else if (/^[\s,]*from\b/i.test(between)) links.push({ from: key, to: mentions[i - 1]!.key, label: "" });
    else if (/^[\s,]*into\b/i.test(between)) links.push({ from: mentions[i - 1]!.key, to: key, label: "into" });
    active = { sources: from, label, objects: [key] };
    sources = [key];
  }
  return links;
}

/** Links said in one Japanese sentence: the thing marked は/が relates to what follows it. */
function japaneseLinks(text: string, mentions: { key: string; m: PhraseMention }[]): Link[] {
  const links: Link[] = [];
  let subject: string | undefined;
  mentions.forEach(({ key, m }, i) => {
    const next = mentions[i + 1];
    const after = text.slice(m.end, next ? next.m.start : text.length);
    if (subject && subject !== key) {
      // "会計システムと請求書システムにつながって": "と" shares the relation that follows.
      let k = i;
      let relationText = after;
      while (JA_COORDINATOR.test(relationText) && mentions[k + 1]) {
        k++;
        relationText = text.slice(mentions[k]!.m.end, mentions[k + 1] ? mentions[k + 1]!.m.start : text.length);
      }
      links.push({ from: subject, to: key, label: japaneseRelation(relationText) });
    }
    if (/^(?:は|が|も|では|には)/.test(after)) subject = key;
    else if (!subject) subject = key;
  });
  return links;
}

function buildLinked(context: BuildContext, type: "network" | "conceptmap"): DiagramData {
  const { analysis, language } = context;
  const draft = new DiagramDraft(analysis);
  const all = mentionsBySentence(analysis, context.body.slice(0, MAX_SCANNED_SENTENCES));
  const scanned =
    type === "network"
      ? all.map(({ sentence, mentions }) => ({
          sentence,
          mentions: connectedThings(sentence.text, mentions, language),
        }))
      : all;
  const { entities, aliasOf } = chooseEntities(scanned, Math.min(context.maxNodes, MAX_ENTITIES), language);
  const idOf = new Map<string, string>();
  const nodeOfSentence = new Map<number, string>();
  for (const entity of entities) {
    const first = scanned[entity.first]!.sentence.index;
    idOf.set(
      entity.key,
      draft.addNode({
        label: shorten(language === "en" ? capitalize(entity.label) : entity.label, language, 32),
        kind: type === "network" ? "entity" : "concept",
        level: 0,
        sentences: [first],
      }),
    );
  }
  for (const { sentence, mentions } of scanned) {
    const known = mentions.map((m) => ({ key: aliasOf.get(m.key) ?? "", m })).filter((x) => idOf.has(x.key));
    // "droughts, and droughts reduce …": a repeated mention continues the first; the relation
    // to what follows is read from where the repetition ends.
    const deduped: { key: string; m: PhraseMention }[] = [];
    for (const x of known) {
      const previous = deduped[deduped.length - 1];
      if (previous && previous.key === x.key) previous.m = { ...previous.m, end: x.m.end };
      else deduped.push({ key: x.key, m: { ...x.m } });
    }
    for (const x of deduped) draft.attachSentence(idOf.get(x.key)!, sentence.index);
    if (deduped[0]) nodeOfSentence.set(sentence.index, idOf.get(deduped[0].key)!);
    if (deduped.length < 2) continue;
    const links =
      language === "ja"
        ? japaneseLinks(sentence.text, deduped)
        : englishLinks(sentence.text, deduped, type === "conceptmap");
    for (const link of links) {
      const from = idOf.get(link.from)!;
      const to = idOf.get(link.to)!;
      if (draft.hasEdge(from, to, type === "network")) continue;
      draft.addEdge(from, to, "relation", type === "conceptmap" ? link.label || undefined : undefined);
    }
  }
  // A concept nothing was said to relate floats alone on the map; with enough related ones it goes,
  // and its sentences fold into the nearest concept that stayed.
  const linked = new Set(draft.edges.flatMap((e) => [e.from, e.to]));
  if (type === "conceptmap" && linked.size >= MIN_LINKED_CONCEPTS) {
    draft.removeNodes(draft.nodes.filter((n) => !linked.has(n.id)).map((n) => n.id));
    for (const [sentence, id] of nodeOfSentence) if (!linked.has(id)) nodeOfSentence.delete(sentence);
  }
  foldUnkept(draft, context.body, nodeOfSentence);
  return draft.finish(type, context.title.title);
}

/** Things and their plain connections. */
export function buildNetwork(context: BuildContext): DiagramData {
  return buildLinked(context, "network");
}

/** Concepts and their labelled, directed relations. */
export function buildConceptMap(context: BuildContext): DiagramData {
  return buildLinked(context, "conceptmap");
}
