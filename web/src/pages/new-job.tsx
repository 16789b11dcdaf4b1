/**
 * New job: a recording (dropped, picked, or a URL) and the diagram and video options, sent to
 * POST /api/v1/pipelines. The diagram type defaults to "auto": the detector picks it, and the job
 * page offers its ranked alternatives afterwards. The languages offered are those a media runner
 * can transcribe now (GET /api/v1/engines), so a job that cannot run is not offered at all.
 */
import { useEffect, useState } from "preact/hooks";
import { DIAGRAM_TYPES } from "../../../contracts/diagram-types";
import { ErrorNote, Field, Section, useAsync } from "../components/ui";
import { api } from "../lib/api";
import { bytes } from "../lib/format";
import { useT } from "../lib/i18n";
import { submitPipeline } from "../lib/job-sources";
import { navigate, useRoute } from "../lib/router";
import { FALLBACK_LANGUAGES, languageName, offeredLanguages } from "../lib/speech-languages";
import { useWorkspace } from "../lib/workspace";
import { ProjectSelect } from "./project-select";

const DEFAULTS = {
  language: "en",
  type: "auto",
  resolution: "720p",
  fps: "30",
  theme: "light",
  captions: "track",
  projectId: "",
};

export function NewJobPage() {
  const t = useT();
  const route = useRoute();
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState("");
  const [dragging, setDragging] = useState(false);
  const [options, setOptions] = useState<Record<string, string>>({
    ...DEFAULTS,
    projectId: route.query.get("project") ?? "",
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { workspace, can } = useWorkspace();
  const set = (key: string) => (e: Event) =>
    setOptions({ ...options, [key]: (e.currentTarget as HTMLSelectElement).value });
  // Only what can run is offered; if the engines cannot be asked, what was always offered.
  const offered = useAsync(() => offeredLanguages().catch(() => ({ known: false, languages: FALLBACK_LANGUAGES })), []);
  const languages = offered.data?.languages ?? FALLBACK_LANGUAGES;
  useEffect(() => {
    // Keep the choice on a language that can run: English when offered, else the first one.
    if (languages.length > 0 && !languages.includes(options.language ?? ""))
      setOptions((o) => ({ ...o, language: languages.includes("en") ? "en" : languages[0]! }));
  }, [languages.join(",")]);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer?.files[0];
    if (dropped) setFile(dropped);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!file && !url) return setError(new Error(t("needRecording")));
    setBusy(true);
    setError(null);
    try {
      const { type, ...rest } = options;
      const sent = { ...rest, ...(type !== "auto" && { type }) } as Record<string, string>;
      const job = await submitPipeline(api, file ? { file, options: sent } : { url, options: sent });
      navigate(`/jobs/${job.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (workspace && !can("jobs:create")) return <p class="note">{t("notAllowed")}</p>;
  return (
    <>
      <h1>{t("navNewJob")}</h1>
      <form onSubmit={submit} class="stack">
        <Section title={t("recording")}>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone takes drags; its file input is the keyboard path */}
          <div
            class={`drop ${dragging ? "drop-active" : ""}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <p>{t("dropHere")}</p>
            <label class="button">
              {t("pickFile")}
              <input
                type="file"
                class="sr-only"
                accept="audio/*,video/*,.wav,.mp3,.m4a,.ogg,.flac,.webm"
                data-testid="file-input"
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              />
            </label>
            {file && (
              <p class="chosen" aria-live="polite">
                {file.name} · {bytes(file.size)}{" "}
                <button type="button" class="link" onClick={() => setFile(null)}>
                  {t("remove")}
                </button>
              </p>
            )}
          </div>
          <Field label={t("orUrl")}>
            <input
              type="url"
              placeholder="https://…"
              value={url}
              disabled={!!file}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </Field>
        </Section>
        <Section title={t("options")}>
          <div class="grid">
            <Field label={t("project")}>
              <ProjectSelect
                value={options.projectId ?? ""}
                emptyLabel={t("noProject")}
                onChange={(projectId) => setOptions({ ...options, projectId })}
              />
            </Field>
            <Field label={t("language")} hint={offered.data?.known ? t("languagesNow") : undefined}>
              <select
                value={options.language}
                onChange={set("language")}
                name="language"
                data-testid="language"
                disabled={languages.length === 0}
              >
                {languages.map((code) => (
                  <option key={code} value={code}>
                    {languageName(code)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("diagramType")} hint={t("autoHint")}>
              <select value={options.type} onChange={set("type")} name="type">
                <option value="auto">{t("autoRecommended")}</option>
                {DIAGRAM_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("resolution")}>
              <select value={options.resolution} onChange={set("resolution")}>
                {["720p", "1080p", "4k"].map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </Field>
            <Field label={t("fps")}>
              <select value={options.fps} onChange={set("fps")}>
                <option>30</option>
                <option>60</option>
              </select>
            </Field>
            <Field label={t("theme")}>
              <select value={options.theme} onChange={set("theme")}>
                <option value="light">{t("light")}</option>
                <option value="dark">{t("dark")}</option>
              </select>
            </Field>
            <Field label={t("captions")}>
              <select value={options.captions} onChange={set("captions")}>
                <option value="track">{t("captionsTrack")}</option>
                <option value="burned">{t("captionsBurned")}</option>
                <option value="off">{t("captionsOff")}</option>
              </select>
            </Field>
          </div>
        </Section>
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy} data-testid="submit-job">
          {busy ? t("uploading") : t("startJob")}
        </button>
      </form>
    </>
  );
}
