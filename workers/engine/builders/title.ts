/**
 * A diagram's title. Talks usually announce their subject first ("Let me explain how we handle
 * a ticket", "経費精算の流れを話します"); that sentence becomes the title and is then left out of
 * the body. Without such an opener the best key phrase stands in.
 */
import type { Analysis } from "../analysis/types";
import { isEnglishStopword, isEnglishVerb, isJapaneseStopNoun } from "../text/stopwords";
import { capitalize, titleLabel } from "./labels";
import { framingTopic, isGreeting, trimTopicTail } from "./title-framing";

export interface TitleChoice {
  title: string;
  /** Where the title came from; a builder may replace a guessed one with a better guess of its own. */
  source: "requested" | "announced" | "opening" | "guessed";
  /** The sentence that announced the subject, when there was one; builders skip it. */
  introIndex?: number;
  /** Sentences that are no part of the body: opening greetings and the announcing sentence. */
  skipped: number[];
}

// A talk greets in its first sentences, if at all.
const MAX_GREETINGS = 3;
// The framing sentence follows the greetings closely.
const FRAMING_WINDOW = 2;

const EN_INTRO =
  /^(?:(?:okay|ok|so|um|well|right|alright|just|and)[,\s]+)*(?:let me (?:quickly |just )?(?:explain|describe|go through|walk you through|give you|tell you about|show you|talk about|run through|throw out|share)|(?:i've been|i have been|i was|we've been) thinking about|let's (?:talk about|brainstorm|look at|go over|think about)|here's|here is|this is|i want to (?:talk about|explain|share)|today (?:we'll|i'll|we will|i will) (?:talk about|look at|cover)|i'll explain|a few|some)\s+/i;
const EN_WEAK_START = /^(?:a |an |the |quick |some |few )+/i;
const JA_INTRO_TAIL =
  /(?:を|について|に関して|の)(?:ざっと|簡単に|ざっくり|少し|ちょっと|思いつくまま|順番に)?(?:説明|お話し|話|紹介|振り返|整理|確認|考え|まとめ|してみ|出し合|挙げ|見て|比べて|見ていき)[^、。]{0,12}[。!]?$/;
// "返品の受付についてです", "来週の出張の予定です": a noun and です; "面白かったです" is a remark, not a subject.
const JA_COPULA_TAIL =
  /(?:についてです|(?<=[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]|流れ|しくみ|つくり|決まり|まとめ)(?:ですよね|ですね|です|になります)|があります|がございます)[。!]?$/;
// "Getting a passport renewed is less painful than people think": a subject, then a remark on it.
const EN_SUBJECT =
  /^(?:(?:so|okay|ok|well|um|and|honestly)[,\s]+)*([A-Za-z][\w'\s-]{2,50}?)\s+(?:is|are|was|were|goes|go|works|work|has|have|looks|happens|begins|starts|seems)\s+(.*)$/i;
const EN_NOT_A_SUBJECT =
  /^(?:i|we|you|they|it|this|that|there|he|she|when|if|while|once|before|after|as|so|what|how|here)\b/i;
const JA_TOPIC_PREFIX =
  /^(?:えーと、?|あの、?)?([^、。]{2,20}?)(?:なんですけど|なんですが|ですけど|ですが|については)、?/;
const JA_SUBJECT = /^([^、。]{2,14}?)(?:は|って)(.{1,24})$/;
const JA_LEAD = /^(?:今日は|本日は|それでは|では|じゃあ|えーと、?|えっと、?|さて、?|今回は|いくつか|少し)/;
// "Okay, random ideas for Mia's birthday party.": a bare noun phrase announcing the subject.
const EN_NOUN_PHRASE =
  /^(?:(?:okay|ok|so|um|well|right|alright|just|and)[,\s]+)*((?:(?:a few|some|quick|random|my|our|the)\s+)*[a-z][\w'-]*(?:\s+(?:[\w'-]+))*?)[.:!]?$/i;

// "When someone new joins the team, here's what happens."
const EN_INTRO_AFTER =
  /^(?:when|whenever|if|so)?\s*(.{3,80}?),?\s+(?:here's what happens|here is what happens|this is what happens|it goes like this|goes like this|works like this|go like this|work like this)[.:!]?$/i;

function englishIntro(text: string): string | undefined {
  const after = EN_INTRO_AFTER.exec(text);
  if (after) return capitalize(after[1]!.replace(EN_WEAK_START, ""));
  const match = EN_INTRO.exec(text);
  const endsWithColon = /:\s*$/.test(text);
  const words = text.split(/\s+/);
  if (
    !match &&
    words.length <= 8 &&
    EN_NOUN_PHRASE.test(text) &&
    !words.some(
      (w) =>
        (isEnglishStopword(w.toLowerCase().replace(/[^a-z']/g, "")) &&
          isEnglishVerb(w.toLowerCase().replace(/[^a-z']/g, ""))) ||
        /^let's$/i.test(w),
    )
  ) {
    return capitalize(EN_NOUN_PHRASE.exec(text)![1]!.replace(/^(?:a few|some|quick|random|the)\s+/i, ""));
  }
  if (!match && !endsWithColon) return undefined;
  let rest = (match ? text.slice(match[0].length) : text).replace(/[:.!?]+\s*$/, "").trim();
  rest = trimTopicTail(rest.replace(EN_WEAK_START, ""));
  if (!rest || rest.split(" ").length > 12) return undefined;
  return capitalize(rest);
}

function japaneseIntro(text: string): string | undefined {
  const tail = JA_INTRO_TAIL.exec(text) ?? (text.length <= 24 ? JA_COPULA_TAIL.exec(text) : null);
  if (!tail || tail.index === 0) return undefined;
  const subject = text
    .slice(0, tail.index)
    .replace(JA_LEAD, "")
    .replace(/(?:には|は|、)+$/, "")
    .trim();
  return subject.length >= 2 && subject.length <= 30 ? subject : undefined;
}

/** The subject of a first sentence that remarks on it; an intro when the remark is short. */
function subjectOfOpening(text: string, language: "ja" | "en"): { subject: string; intro: boolean } | undefined {
  const plain = text.replace(/[.!?。！？]+$/, "");
  if (language === "ja") {
    const prefix = JA_TOPIC_PREFIX.exec(plain);
    if (prefix) return { subject: prefix[1]!.replace(JA_LEAD, ""), intro: false };
    const subject = JA_SUBJECT.exec(plain);
    // A subject holding を is a verb phrase ("プロジェクトを振り返って"); a time word is no subject.
    if (subject && (subject[1]!.includes("を") || isJapaneseStopNoun(subject[1]!.replace(JA_LEAD, ""))))
      return undefined;
    return subject
      ? { subject: subject[1]!.replace(JA_LEAD, "").replace(/(?:に|で|の|には)$/, ""), intro: true }
      : undefined;
  }
  const match = EN_SUBJECT.exec(plain);
  if (!match || EN_NOT_A_SUBJECT.test(match[1]!) || match[1]!.split(" ").length > 6) return undefined;
  return { subject: capitalize(match[1]!.replace(/^(?:the|a|an)\s+/i, "")), intro: match[2]!.split(" ").length <= 8 };
}

/** The best key phrase to stand for the whole talk: said more than once, and more than one letter. */
function keyPhraseTitle(analysis: Analysis): string | undefined {
  const usable = analysis.keyPhrases.filter((p) =>
    analysis.language === "ja" ? p.text.length >= 2 : p.text.length >= 3,
  );
  const top = usable.find((p) => p.count >= 2) ?? usable[0];
  return top && (analysis.language === "en" ? capitalize(top.text) : top.text);
}

// A sentence that opens with a step marker is the first step, not the framing ("まず、…を確認します").
const STEP_OPENER =
  /^(?:first(?:ly)?|then|next|after that|finally|まず|最初に|次に|それから|最後に)\b|^(?:まず|最初に|次に|それから|最後に)/i;

/** The topic of the framing sentence right after the greetings, and where it was said. */
function framed(analysis: Analysis, from: number): { topic: string; index: number } | undefined {
  for (const sentence of analysis.sentences.slice(from, from + FRAMING_WINDOW)) {
    if (STEP_OPENER.test(sentence.text)) return undefined;
    const topic = framingTopic(sentence.text, analysis.language);
    if (topic) return { topic, index: sentence.index };
    // The first sentence announced the subject its own way ("返品の受付についてです"): no later framing.
    const intro = analysis.language === "ja" ? japaneseIntro(sentence.text) : englishIntro(sentence.text);
    if (intro) return undefined;
  }
  return undefined;
}

/**
 * The title to use: the caller's, else the topic a framing sentence names, else the announced
 * subject, else the opening's subject, else a key phrase; never a greeting.
 */
export function chooseTitle(analysis: Analysis, requested?: string): TitleChoice {
  const language = analysis.language;
  let greetings = 0;
  while (
    greetings < MAX_GREETINGS &&
    greetings < analysis.sentences.length - 1 &&
    isGreeting(analysis.sentences[greetings]!.text, language)
  )
    greetings++;
  const greeted = Array.from({ length: greetings }, (_, i) => i);
  const frame = framed(analysis, greetings);
  const first = analysis.sentences[greetings];
  const announced =
    !frame && first ? (language === "ja" ? japaneseIntro(first.text) : englishIntro(first.text)) : undefined;
  const opening =
    !frame && !announced && first && analysis.sentences.length > greetings + 2
      ? subjectOfOpening(first.text, language)
      : undefined;
  const introIndex = frame?.index ?? (announced || opening?.intro ? greetings : undefined);
  const skipped = introIndex === undefined ? greeted : [...greeted, introIndex];
  const requestedTitle = requested?.trim();
  if (requestedTitle) return { title: titleLabel(requestedTitle, language), source: "requested", introIndex, skipped };
  const topic = frame?.topic ?? announced;
  if (topic) return { title: titleLabel(topic, language), source: "announced", introIndex, skipped };
  if (opening) return { title: titleLabel(opening.subject, language), source: "opening", introIndex, skipped };
  const guessed = keyPhraseTitle(analysis) ?? (language === "ja" ? "図解" : "Diagram");
  return { title: titleLabel(guessed, language), source: "guessed", skipped };
}
