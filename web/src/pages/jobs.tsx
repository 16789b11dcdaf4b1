/** Jobs (and the batches they belong to) with filters; rows follow live events. */
import { useState } from "preact/hooks";
import { isEnded, type JobResource as Job } from "../../../contracts/job";
import { ErrorNote, Field, Section, useAsync } from "../components/ui";
import { api, currentWorkspaceId } from "../lib/api";
import { when } from "../lib/format";
import { language, useT } from "../lib/i18n";
import { useWorkspaceEvents } from "../lib/realtime";
import { href, navigate, useRoute } from "../lib/router";
import { useStore } from "../lib/store";
import { ProjectSelect } from "./project-select";

interface Batch {
  id: string;
  aggregate: { total: number; succeeded: number; failed: number; running: number; queued: number; done: boolean };
}

export function JobsPage() {
  const t = useT();
  const lang = useStore(language);
  const route = useRoute();
  const workspaceId = useStore(currentWorkspaceId);
  const filters = {
    status: route.query.get("status") ?? "",
    kind: route.query.get("kind") ?? "",
    projectId: route.query.get("project") ?? "",
  };
  const query = new URLSearchParams({
    limit: "50",
    ...(filters.status && { status: filters.status }),
    ...(filters.kind && { kind: filters.kind }),
    ...(filters.projectId && { projectId: filters.projectId }),
  });
  const jobs = useAsync(
    () => api<{ items: Job[]; nextCursor: string | null }>(`/api/v1/jobs?${query}`),
    [workspaceId, query.toString()],
  );
  const batchIds = [
    ...new Set((jobs.data?.items ?? []).map((j) => j.batchId).filter((id): id is string => !!id)),
  ].slice(0, 10);
  const batches = useAsync(
    () => Promise.all(batchIds.map((id) => api<Batch>(`/api/v1/batch/${id}`))),
    [batchIds.join(",")],
  );
  const [live, setLive] = useState<Record<string, Partial<Job>>>({});

  useWorkspaceEvents(
    (event) => {
      if (event.type === "job:progress")
        setLive((l) => ({ ...l, [event.jobId]: { status: "running", stage: event.stage, progress: event.progress } }));
      else if (event.type === "job:complete" || event.type === "job:error") {
        setLive((l) => ({ ...l, [event.jobId]: { status: event.type === "job:error" ? "failed" : event.status } }));
        jobs.reload();
      }
    },
    () => jobs.reload(),
    [jobs.reload],
  );

  function setFilter(key: string, value: string) {
    const next = new URLSearchParams(route.query);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/jobs?${next}`);
  }

  return (
    <>
      <h1>{t("navJobs")}</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet in every browser the console supports */}
      <div class="filters" role="search" aria-label={t("filters")}>
        <Field label={t("status")}>
          <select value={filters.status} onChange={(e) => setFilter("status", e.currentTarget.value)}>
            <option value="">{t("any")}</option>
            {["queued", "running", "succeeded", "failed", "canceled"].map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}` as "status_queued")}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("kind")}>
          <select value={filters.kind} onChange={(e) => setFilter("kind", e.currentTarget.value)}>
            <option value="">{t("any")}</option>
            {["pipeline", "transcription", "diagram", "video"].map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </Field>
        <Field label={t("project")}>
          <ProjectSelect value={filters.projectId} emptyLabel={t("any")} onChange={(id) => setFilter("project", id)} />
        </Field>
      </div>
      <Section title={t("jobsList")}>
        <ErrorNote error={jobs.error} />
        {jobs.data?.items.length === 0 && <p class="muted">{t("noJobs")}</p>}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("job")}</th>
                <th scope="col">{t("kind")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("progress")}</th>
                <th scope="col">{t("created")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data?.items.map((job) => {
                const now = { ...job, ...(isEnded(job.status) ? {} : live[job.id]) };
                return (
                  <tr key={job.id} data-job-id={job.id}>
                    <td>
                      <a href={href(`/jobs/${job.id}`)}>{job.id}</a>
                      {job.batchId && <span class="tag">{t("batch")}</span>}
                    </td>
                    <td>{job.kind}</td>
                    <td>
                      <span class={`status status-${now.status}`} data-testid="job-status">
                        {t(`status_${now.status}` as "status_queued")}
                      </span>
                    </td>
                    <td>
                      <progress
                        max={100}
                        value={now.status === "succeeded" ? 100 : Math.round(now.progress ?? 0)}
                        aria-label={`${job.id} ${t("progress")}`}
                      />{" "}
                      {now.stage ?? ""}
                    </td>
                    <td>{when(job.createdAt, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      {batchIds.length > 0 && (
        <Section title={t("batches")}>
          <ul class="list">
            {batches.data?.map((b) => (
              <li key={b.id}>
                <code>{b.id}</code> ·{" "}
                {t("batchSummary", {
                  done: b.aggregate.succeeded + b.aggregate.failed,
                  total: b.aggregate.total,
                  failed: b.aggregate.failed,
                })}{" "}
                {b.aggregate.done ? "✓" : "…"}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
