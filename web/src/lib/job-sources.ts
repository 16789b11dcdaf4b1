/**
 * What each job of this session was made from (the file or URL and the options), so that
 * "re-run" can submit the same work again without asking for the file.
 */
export interface JobSource {
  file?: File;
  url?: string;
  options: Record<string, string>;
}

const sources = new Map<string, JobSource>();

export const rememberSource = (jobId: string, source: JobSource) => void sources.set(jobId, source);
export const sourceOf = (jobId: string) => sources.get(jobId);

/** Submits a pipeline job; returns the created job. */
export async function submitPipeline(
  api: <T>(path: string, init: { body?: BodyInit; json?: unknown; method?: string }) => Promise<T>,
  source: JobSource,
): Promise<{ id: string }> {
  let job: { id: string };
  if (source.file) {
    const form = new FormData();
    for (const [key, value] of Object.entries(source.options)) if (value) form.append(key, value);
    form.append("file", source.file, source.file.name);
    job = await api<{ id: string }>("/api/v1/pipelines", { method: "POST", body: form });
  } else {
    const json: Record<string, unknown> = { url: source.url };
    for (const [key, value] of Object.entries(source.options))
      if (value) json[key] = key === "fps" ? Number(value) : value;
    job = await api<{ id: string }>("/api/v1/pipelines", { method: "POST", json });
  }
  rememberSource(job.id, source);
  return job;
}
