/**
 * Where a talk says what it is about. Greetings come first and say nothing ("Good morning
 * everyone", "皆さん、おはようございます"); the framing sentence after them names the topic:
 * "Today I want to walk you through how customer onboarding works" → "Customer onboarding",
 * "Let's brainstorm how to market the new app" → "Marketing the new app", "This is a short history
 * of space exploration" → "History of space exploration", "今日は日本の歴史を大まかに振り返ります"
 * → "日本の歴史".
 */
import type { Language } from "../schema";
import { gerund } from "./english-label";

const EN_GREETING =
  /^(?:(?:good (?:morning|afternoon|evening)|hello|hi|hey|welcome|thanks|thank you|morning)\b[^.!?]{0,60}|(?:okay|ok|right|alright),? (?:everyone|everybody|all|folks|team))[.!?]?$/i;
const JA_GREETING =
  /^(?:(?:皆さん|みなさん|皆様)、?)?(?:おはようございます|こんにちは|こんばんは|お疲れ(?:さま|様)です|本日はお忙しい中[^。]*|お集まりいただき[^。]*|よろしくお願いします)[。!！]?$/;

/** Whether a sentence only greets or thanks the audience. */
export function isGreeting(text: string, language: Language): boolean {
  return (language === "ja" ? JA_GREETING : EN_GREETING).test(text.trim());
}

const EN_LEAD =
  /^(?:(?:okay|ok|so|um|well|right|alright|now|and|today|this morning|this afternoon|in this (?:talk|session|video|lesson))[,\s]+)*/i;
const EN_FRAME_VERB =
  /^(?:(?:i|we)(?:'d| would)? (?:like|want) to|i'm going to|we're going to|i'll|we'll|we will|i will|let me|let's|let us|i wanted to|i just wanted to)\s+(?:quickly |briefly |just |now )?(?:walk (?:you|everyone) through|go (?:over|through)|talk (?:about|through)|explain|describe|look at|tell you about|tell you|give you (?:a (?:quick |short |brief )?(?:overview|tour|summary|picture) of)?|cover|review|share|brainstorm|present|introduce|discuss|run through|take a look at|think about|show you|outline)\s+(.+)$/i;
// "This talk explains how we publish a podcast episode": the talk itself as the subject.
const EN_TALK_FRAME =
  /^(?:this|my|our|today's) (?:talk|video|session|lesson|presentation|guide|tutorial|episode|section) (?:explains|describes|covers|shows|is about|walks you through|goes through|looks at|introduces)\s+(.+)$/i;
// "In biology class today we looked at how vertebrates are classified" — in every tense and person.
const EN_LOOKED_AT =
  /\b(?:we|i|you)(?:'re| are|'ll| will| have|'ve)? (?:looked|look|looking|talked|talk|talking|went|go|going|learned|learn|learning) (?:at|about|over|through)\s+(.+)$/i;
const EN_HERE_IS =
  /^(?:this is|here is|here's|these are)\s+(?:a |an |the |our )?(?:(?:short|quick|brief|little|rough)\s+)?(.+)$/i;
// What trails a topic without being part of it: "… at our company", "… before we start".
const EN_TRAILING =
  /\s+(?:at|in|for|with|across|around) (?:our|the|my|this|your) (?:company|team|office|school|class|group|department|organisation|organization|business)$|\s+(?:today|now|with you|for you|in detail|briefly|quickly|here|this morning|this week|to each other|with each other|together)$/i;
const EN_CUT = /,|;|:| so that | before | because | and then | so we | which /i;

function cleanEnglishTopic(raw: string): string | undefined {
  let topic = raw
    .split(EN_CUT)[0]!
    .replace(/[.!?]+$/, "")
    .trim();
  for (let i = 0; i < 3; i++) topic = topic.replace(EN_TRAILING, "");
  const works = /^how (.+?) (?:works|work)$/i.exec(topic);
  if (works) topic = works[1]!;
  const howTo = /^how to (\w+)\s+(.+)$/i.exec(topic);
  if (howTo) topic = `${gerund(howTo[1]!)} ${howTo[2]}`;
  const howWe = /^how (?:we|you|i) (\w+)\s+(.+)$/i.exec(topic);
  if (howWe && !/^(?:are|is|can|do|should|will|get|got)$/i.test(howWe[1]!)) topic = `${gerund(howWe[1]!)} ${howWe[2]}`;
  topic = topic.replace(/^(?:the|a|an)\s+/i, "").replace(/\s+(?:their|its)\s+/gi, " ");
  const words = topic.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 9) return undefined;
  return topic[0]!.toUpperCase() + topic.slice(1);
}

/** A topic without what trails it: "notes before we start" → "notes", "talk to each other" → "talk". */
export function trimTopicTail(topic: string): string {
  let trimmed = topic.split(EN_CUT)[0]!.trim();
  for (let i = 0; i < 3; i++) trimmed = trimmed.replace(EN_TRAILING, "");
  return trimmed;
}

/** The topic an English framing sentence names, if it is one. */
function englishFraming(text: string): string | undefined {
  const plain = text.replace(EN_LEAD, "");
  const frame =
    EN_FRAME_VERB.exec(plain) ?? EN_TALK_FRAME.exec(plain) ?? EN_HERE_IS.exec(plain) ?? EN_LOOKED_AT.exec(plain);
  return frame ? cleanEnglishTopic(frame[1]!) : undefined;
}

const JA_LEAD = /^(?:今日は|本日は|今回は|それでは|では|じゃあ|えーと、?|さて、?|まず、?|ここでは)、?/;
const JA_FRAME =
  /^(.{2,24}?)(?:について|に関して|を|の)(?:[^、。をにはが]{1,5}?[にと])?(?:説明|お話し|話し|話|紹介|振り返|整理|確認|考え|まとめ|出し合|挙げ|見て|比べ|見ていき|共有|報告)[^、。]{0,12}[。!]?$/;

/** The topic a Japanese framing sentence names, if it is one. */
function japaneseFraming(text: string): string | undefined {
  const plain = text.replace(JA_LEAD, "").replace(JA_LEAD, "");
  const frame = JA_FRAME.exec(plain);
  const topic = frame?.[1]?.replace(/(?:について|に関して|の?流れ|のしくみ|の仕組み)$/, (m) =>
    m.endsWith("流れ") ? m : "",
  );
  return topic && topic.length >= 2 ? topic : undefined;
}

/** The topic named by a framing sentence, or undefined when the sentence does not frame the talk. */
export function framingTopic(text: string, language: Language): string | undefined {
  return language === "ja" ? japaneseFraming(text) : englishFraming(text);
}
