/**
 * whisper.cpp's JSON output (`-oj`, with `-ojf` adding per-token data), as written by
 * examples/cli/cli.cpp `output_json`:
 *   { transcription: [ { timestamps: {from, to}, offsets: {from, to} (ms), text,
 *                        tokens: [ { text, timestamps?, offsets?, id, p, t_dtw } ] } ] }
 * Pure functions only, so the format is tested without a model or a binary.
 */
import { z } from "zod";
import type { Segment, Word } from "../protocol.ts";
import { clampConfidence, mean, round3 } from "./engine.ts";

const Offsets = z.object({ from: z.number(), to: z.number() });
const WhisperToken = z.object({ text: z.string(), offsets: Offsets.optional(), p: z.number().optional() });
const WhisperSegment = z.object({ offsets: Offsets, text: z.string(), tokens: z.array(WhisperToken).optional() });
const WhisperOutput = z.object({ transcription: z.array(WhisperSegment) });
type WhisperToken = z.infer<typeof WhisperToken>;

/** Control tokens ([_BEG_], [_TT_150], <|endoftext|>) carry timing, not text. */
const SPECIAL_TOKEN = /^(\[_.*\]|<\|.*\|>)$/;
/** Whisper's way of saying "nothing was said here": [BLANK_AUDIO], [Music]. */
const NON_SPEECH_SEGMENT = /^\[[^\]]*\]$/;
const PUNCTUATION_ONLY = /^[\p{P}\s]+$/u;
/** Scripts written without spaces between words: each token stands alone as a word. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Converts whisper.cpp JSON into segments with absolute times (offsetSeconds added). */
export function parseWhisperJson(json: unknown, offsetSeconds: number): Segment[] {
  const output = WhisperOutput.parse(json);
  const segments: Segment[] = [];
  for (const segment of output.transcription) {
    const text = segment.text.trim();
    if (!text || NON_SPEECH_SEGMENT.test(text)) continue;
    const tokens = (segment.tokens ?? []).filter((token) => !SPECIAL_TOKEN.test(token.text));
    const start = round3(segment.offsets.from / 1000 + offsetSeconds);
    const end = round3(segment.offsets.to / 1000 + offsetSeconds);
    const fallback = { start, end };
    segments.push({
      start,
      end,
      text,
      // No token data (plain -oj) means no confidence was reported: 0, never an invented 1.
      confidence: round3(clampConfidence(mean(tokens.map((token) => token.p ?? 0)))),
      words: groupTokensIntoWords(tokens, offsetSeconds, fallback),
    });
  }
  return segments;
}

/** Sub-word tokens → words: a leading space starts a word, punctuation joins the word before it. */
function groupTokensIntoWords(
  tokens: WhisperToken[],
  offsetSeconds: number,
  fallback: { start: number; end: number },
): Word[] {
  const groups: WhisperToken[][] = [];
  // A token left empty by decodeWhisperOutput held the first bytes of a split character: it
  // belongs to the word of the token that completes the character (its start time included).
  let pending: WhisperToken[] = [];
  for (const token of tokens) {
    if (token.text === "") {
      pending.push(token);
      continue;
    }
    const current = groups.at(-1);
    const punctuation = PUNCTUATION_ONLY.test(token.text);
    const startsWord =
      /^\s/.test(token.text) || UNSPACED_SCRIPT.test(token.text) || (current !== undefined && endsUnspaced(current));
    if (current && (punctuation || !startsWord)) current.push(...pending, token);
    else groups.push([...pending, token]);
    pending = [];
  }
  return groups
    .map((group) => {
      const first = group[0]?.offsets;
      const last = group.at(-1)?.offsets;
      return {
        word: group
          .map((token) => token.text)
          .join("")
          .trim(),
        start: first ? round3(first.from / 1000 + offsetSeconds) : fallback.start,
        end: last ? round3(last.to / 1000 + offsetSeconds) : fallback.end,
        confidence: round3(clampConfidence(mean(group.map((token) => token.p ?? 0)))),
      };
    })
    .filter((word) => word.word !== "" && !PUNCTUATION_ONLY.test(word.word));
}

function endsUnspaced(group: WhisperToken[]): boolean {
  const lastText = group.filter((token) => !PUNCTUATION_ONLY.test(token.text)).at(-1)?.text ?? "";
  return UNSPACED_SCRIPT.test(lastText);
}

/**
 * Reads whisper.cpp's JSON bytes. whisper.cpp writes each token's raw bytes, so a character that
 * the tokenizer split in two (common for rarer kanji) arrives as two invalid UTF-8 fragments.
 * Parsing as Latin-1 keeps every byte, then each segment's tokens are decoded as one UTF-8
 * stream: the split character is restored and attributed to the token that completes it.
 */
export function decodeWhisperOutput(bytes: Uint8Array): unknown {
  const raw: unknown = JSON.parse(Buffer.from(bytes).toString("latin1"));
  return repairStrings(raw);
}

function latin1ToUtf8(text: string): string {
  return Buffer.from(text, "latin1").toString("utf8");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function repairStrings(value: unknown): unknown {
  if (typeof value === "string") return latin1ToUtf8(value);
  if (Array.isArray(value)) return value.map(repairStrings);
  return isRecord(value) ? repairRecord(value) : value;
}

function repairRecord(record: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(record).map(([key, inner]): [string, unknown] =>
    key === "tokens" && Array.isArray(inner) ? [key, repairTokenStream(inner)] : [key, repairStrings(inner)],
  );
  return Object.fromEntries(entries);
}

function repairTokenStream(tokens: unknown[]): unknown[] {
  const decoder = new TextDecoder("utf-8");
  return tokens.map((token) => {
    if (!isRecord(token)) return repairStrings(token);
    const repaired = repairRecord(token);
    const text = token.text;
    if (typeof text === "string") repaired.text = decoder.decode(Buffer.from(text, "latin1"), { stream: true });
    return repaired;
  });
}
