/**
 * Japanese and English UI text. English is the reference dictionary; the Japanese one must have
 * every key (the type checker says so). The language starts from navigator.language and the
 * choice is remembered.
 */

import { en } from "./messages";
import { ja } from "./messages-ja";
import { createStore, useStore } from "./store";

export type Lang = "en" | "ja";
export type MessageKey = keyof typeof en;

const LANG_KEY = "zukai.lang";
const initial: Lang =
  (localStorage.getItem(LANG_KEY) as Lang | null) ?? (navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en");
export const language = createStore<Lang>(initial);
document.documentElement.lang = initial;

/** Changes the UI language and remembers it. */
export function setLanguage(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  language.set(lang);
}

/** The text for `key` in `lang`, with {name} placeholders filled from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = (lang === "ja" ? ja : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The translate function for the current language; re-renders on a language switch. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = useStore(language);
  return (key, vars) => translate(lang, key, vars);
}
