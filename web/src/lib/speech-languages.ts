/**
 * The languages recordings can be transcribed in right now, from GET /api/v1/engines, and their
 * names in the UI language. While the pool cannot say (`known: false`), the console offers what
 * it always offered and the platform decides when the job runs.
 */
import { api } from "./api";

export interface EngineAvailability {
  known: boolean;
  engines: { name: string; languages: string[] }[];
  languages: string[];
  checkedAt: string | null;
}

/** What the console offered before the pool could say: English and Japanese. */
export const FALLBACK_LANGUAGES = ["en", "ja"];

/** The languages to offer: the pool's when it knows them, else the fallback. */
export async function offeredLanguages(): Promise<{ known: boolean; languages: string[] }> {
  const availability = await api<EngineAvailability>("/api/v1/engines");
  return availability.known
    ? { known: true, languages: availability.languages }
    : { known: false, languages: FALLBACK_LANGUAGES };
}

/** "ja" → "Japanese" in `locale` "en", "日本語" in "ja" (or in its own); the code when the browser has no name. */
export function languageName(code: string, locale: string = code): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language" }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}
