/** Small shared pieces: a labelled field, an error note, and a hook for async data. */
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../lib/api";
import { type Lang, language, type MessageKey, useT } from "../lib/i18n";
import { languageName } from "../lib/speech-languages";
import { useStore } from "../lib/store";

/** A label wrapping its control, so every input has an accessible name. */
export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control arrives as children, which the rule cannot see
    <label class="field">
      <span class="field-label">{props.label}</span>
      {props.children}
      {props.hint && <span class="hint">{props.hint}</span>}
    </label>
  );
}

/** Shows an error (a problem document's detail and field errors) to the user and to screen readers. */
export function ErrorNote(props: { error: unknown }) {
  const t = useT();
  const lang = useStore(language);
  if (!props.error) return null;
  const error = props.error;
  const message =
    error instanceof ApiError
      ? (translatedProblem(error, t, lang) ?? error.message)
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div class="error" role="alert">
      <strong>{t("error")}</strong> {message}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.path}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The UI-language text of a problem the console knows by its stable code, from the problem's own
 * members; undefined for the rest, which show the API's (English) detail.
 */
function translatedProblem(
  error: ApiError,
  t: (key: MessageKey, vars?: Record<string, string | number>) => string,
  lang: Lang,
): string | undefined {
  if (error.code === "unsupported_language" && typeof error.problem.language === "string") {
    const available = Array.isArray(error.problem.availableLanguages)
      ? error.problem.availableLanguages.filter((l): l is string => typeof l === "string")
      : [];
    const names = available.map((code) => languageName(code, lang));
    return t("unsupportedLanguage", {
      language: languageName(error.problem.language, lang),
      available: names.length > 0 ? names.join(lang === "ja" ? "、" : ", ") : t("noneAvailable"),
    });
  }
  if (error.code === "glossary_term_exists") return t("glossaryTermExists");
  if (error.code === "glossary_limit_reached")
    return t("glossaryLimitReached", { limit: typeof error.problem.limit === "number" ? error.problem.limit : 500 });
  if (error.code === "forbidden" && typeof error.problem.permission === "string")
    return t("forbiddenPermission", { permission: error.problem.permission });
  return undefined;
}

/** Loads data with `load` whenever `deps` change; `reload` refetches. */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: unknown; loading: boolean; reload(): void; setData(value: T): void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => void (live = false);
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload, setData: (data: T) => setState({ data, error: null, loading: false }) };
}

/** A titled section of a page. */
export function Section(props: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
  id?: string;
}) {
  const headingId = `h-${props.id ?? props.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
