/**
 * Whether the times a talk names come in order. A timeline tells events in the order they
 * happened; announcements that mention "next Friday", "July 12th" and "Wednesday" in passing do
 * not, and should not be drawn on a time axis. Years must never go back; weekdays neither; months
 * may wrap once (a school or fiscal year runs April to March).
 */
import type { Analysis } from "../analysis/types";
import { kanjiNumeralsToDigits } from "../text/kanji-numerals";
import { MONTH_NAMES } from "../text/month-names";

const MONTHS = MONTH_NAMES;
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const JA_WEEKDAYS = ["月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"];

interface Keys {
  year?: number;
  month?: number;
  weekday?: number;
}

function keysOf(time: string): Keys {
  const text = kanjiNumeralsToDigits(time.toLowerCase());
  const year = /\b(1\d{3}|20\d{2})\b|(\d{3,4})年/.exec(text);
  const month = /(\d{1,2})月/.exec(text)?.[1] ?? MONTHS.findIndex((m) => text.includes(m)) + 1;
  const weekday =
    Math.max(
      WEEKDAYS.findIndex((d) => text.includes(d)),
      JA_WEEKDAYS.findIndex((d) => text.includes(d)),
    ) + 1;
  return {
    year: year ? Number(year[1] ?? year[2]) : undefined,
    month: Number(month) || undefined,
    weekday: weekday || undefined,
  };
}

function decreases(values: number[]): number {
  return values.slice(1).filter((v, i) => v < values[i]!).length;
}

/** True when the named years, weekdays or months run backwards more than a calendar allows. */
export function timesOutOfOrder(analysis: Analysis): boolean {
  const keys = analysis.sentences.flatMap((s) => s.times.map(keysOf));
  const series = (pick: (k: Keys) => number | undefined) => keys.map(pick).filter((v): v is number => v !== undefined);
  return (
    decreases(series((k) => k.year)) > 0 ||
    decreases(series((k) => (k.year ? undefined : k.weekday))) > 0 ||
    decreases(series((k) => (k.year ? undefined : k.month))) > 1
  );
}
