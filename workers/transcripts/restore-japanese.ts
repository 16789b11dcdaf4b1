/**
 * Japanese sentences when whisper leaves out 。: a sentence ends where a predicate ends (〜ます,
 * 〜です, 〜ました …) and the next word is a discourse marker (まず, 次に, そして, 最後に …) or
 * the engine's segment ends, unless the text ends on a particle or a connective form that
 * carries on (〜て, 〜が, 〜ので). Tokens keep their times; sentences are cut between tokens.
 */
import type { Segment, Word } from "../../containers/media-runner/src/protocol";
import type { TranscriptSegment } from "./restore-sentences";

const MARKERS = [
  "まず",
  "最初に",
  "はじめに",
  "次に",
  "つぎに",
  "そして",
  "それから",
  "その後",
  "そのあと",
  "続いて",
  "最後に",
  "さいごに",
  "もし",
  "しかし",
  "でも",
  "ですから",
  "だから",
  "つまり",
  "例えば",
  "たとえば",
  "一方",
  "また",
  "さらに",
  "なお",
  "第一に",
  "第二に",
  "第三に",
  "要するに",
  "まとめると",
];
/** Predicate endings that can close a sentence. */
const FINAL =
  /(ます|です|ました|でした|ません|ませんでした|ましょう|でしょう|ください|だ|である|った|いた|した|きた|る)$/;
/** Endings that carry the sentence on into the next segment. */
const CONTINUING = /(て|で|が|は|を|に|と|も|の|し|けど|けれど|から|ので|のに|ながら|たり|、)$/;
/** A silence this long between segments ends a sentence even after a continuing form. */
const LONG_PAUSE_SECONDS = 1.5;

interface Piece {
  text: string;
  start: number;
  end: number;
  confidence: number;
  word?: Word;
  segmentStart: boolean;
}

/** Cuts whisper's unpunctuated Japanese segments into sentences ending in 。. */
export function restoreJapanese(segments: readonly Segment[]): TranscriptSegment[] {
  const pieces: Piece[] = [];
  for (const segment of segments) {
    const text = segment.text.replace(/\s+/g, "");
    if (!text) continue;
    // Tokens that spell the segment exactly can be cut between; otherwise the segment is one piece.
    const spelled = segment.words.map((w) => w.word).join("") === text;
    if (spelled && segment.words.length > 0) {
      segment.words.forEach((word, k) =>
        pieces.push({
          text: word.word,
          start: word.start,
          end: word.end,
          confidence: word.confidence,
          word,
          segmentStart: k === 0,
        }),
      );
    } else {
      pieces.push({ text, start: segment.start, end: segment.end, confidence: segment.confidence, segmentStart: true });
    }
  }
  const sentences: Piece[][] = [];
  let current: Piece[] = [];
  let said = "";
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (current.length > 0 && endsBefore(said, pieces, i)) {
      sentences.push(current);
      current = [];
      said = "";
    }
    current.push(piece);
    said += piece.text;
  }
  if (current.length > 0) sentences.push(current);
  return sentences.map((sentence) => toSegment(sentence, segments));
}

function endsBefore(said: string, pieces: readonly Piece[], i: number): boolean {
  const piece = pieces[i]!;
  const rest = pieces
    .slice(i, i + 4)
    .map((p) => p.text)
    .join("");
  const markerNext = MARKERS.some((m) => rest.startsWith(m));
  if (piece.segmentStart) {
    const gap = piece.start - (pieces[i - 1]?.end ?? piece.start);
    if (gap >= LONG_PAUSE_SECONDS) return true;
    return !CONTINUING.test(said) || (markerNext && FINAL.test(said));
  }
  return markerNext && FINAL.test(said);
}

function toSegment(sentence: readonly Piece[], segments: readonly Segment[]): TranscriptSegment {
  const start = sentence[0]!.start;
  const end = sentence.at(-1)!.end;
  const wordsOfPieces = sentence.flatMap((p) => (p.word ? [p.word] : []));
  // A whole-segment piece keeps all of its segment's words.
  const words =
    wordsOfPieces.length === sentence.length
      ? wordsOfPieces
      : segments.filter((s) => s.start >= start && s.end <= end).flatMap((s) => s.words);
  const text = sentence
    .map((p) => p.text)
    .join("")
    .replace(/、$/, "");
  return {
    start,
    end,
    text: `${text}。`,
    confidence: Math.round((sentence.reduce((sum, p) => sum + p.confidence, 0) / sentence.length) * 1000) / 1000,
    words,
    restored: true,
  };
}
