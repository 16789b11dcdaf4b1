/**
 * One job: stage bars that follow live events (the shared socket reconnects and resumes by
 * itself), then the transcript, diagram, video and downloads once they exist; cancel and re-run.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { isEnded, type JobResource as Job, resultId } from "../../../../contracts/job";
import { ErrorNote, Section, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { when } from "../../lib/format";
import { language, useT } from "../../lib/i18n";
import { sourceOf, submitPipeline } from "../../lib/job-sources";
import { realtimeStatus, useWorkspaceEvents } from "../../lib/realtime";
import { navigate } from "../../lib/router";
import { useStore } from "../../lib/store";
import { useWorkspace } from "../../lib/workspace";
import { DiagramPanel } from "./diagram-panel";
import { type DownloadItem, Downloads } from "./downloads";
import { StageBars, type StageLive } from "./stage-bars";
import { Transcript } from "./transcript";
import { VideoPlayer } from "./video-player";

function downloadsOf(job: Job): DownloadItem[] {
  const has = (name: string) => job.artifacts.some((a) => a.name === name);
  const trn = job.transcriptId ?? resultId("trn", job.id);
  const dgm = resultId("dgm", job.id);
  const vid = resultId("vid", job.id);
  const items: DownloadItem[] = [];
  if (has("transcript.json")) {
    for (const ext of ["srt", "vtt", "txt"])
      items.push({ label: `.${ext}`, path: `/api/v1/transcripts/${trn}.${ext}`, filename: `${job.id}.${ext}` });
  }
  if (has("diagram.svg")) {
    for (const ext of ["svg", "mmd", "json"])
      items.push({ label: `.${ext}`, path: `/api/v1/diagrams/${dgm}.${ext}`, filename: `${job.id}.${ext}` });
  }
  if (has("video.mp4")) items.push({ label: ".mp4", path: `/api/v1/videos/${vid}.mp4`, filename: `${job.id}.mp4` });
  return items;
}

export function JobPage(props: { jobId: string }) {
  const t = useT();
  const lang = useStore(language);
  const { can } = useWorkspace();
  const job = useAsync(() => api<Job>(`/api/v1/jobs/${props.jobId}`), [props.jobId]);
  const [live, setLive] = useState<Record<string, StageLive>>({});
  const [liveEvents, setLiveEvents] = useState(0);
  const [actionError, setActionError] = useState<unknown>(null);
  const [time, setTime] = useState(0);
  const video = useRef<HTMLVideoElement>(null);

  useWorkspaceEvents(
    (event) => {
      if (!("jobId" in event) || event.jobId !== props.jobId) return;
      setLiveEvents((n) => n + 1);
      if (event.type === "job:progress") {
        setLive((l) => ({
          ...l,
          [event.stage]: {
            progress: event.progress,
            eta: event.estimatedTimeRemaining,
            operation: event.currentOperation,
          },
        }));
        // A new stage began: the job's stage list (what is done) changed, so read it again.
        if (job.data && job.data.stage !== event.stage) job.reload();
      } else job.reload();
    },
    () => job.reload(),
    [props.jobId, job.data?.stage, job.reload],
  );

  // While the socket is down (it reconnects by itself), the job is read over REST now and then.
  const socketState = useStore(realtimeStatus);
  const ended = job.data ? isEnded(job.data.status) : false;
  useEffect(() => {
    if (socketState === "open" || ended) return;
    const timer = setInterval(job.reload, 5000);
    return () => clearInterval(timer);
  }, [socketState, ended, job.reload]);

  async function cancel() {
    setActionError(null);
    try {
      job.setData(await api<Job>(`/api/v1/jobs/${props.jobId}`, { method: "DELETE" }));
    } catch (e) {
      setActionError(e);
    }
  }

  async function rerun() {
    setActionError(null);
    const source =
      sourceOf(props.jobId) ??
      (typeof job.data?.options.url === "string" ? { url: job.data.options.url, options: {} } : undefined);
    if (!source) return navigate(`/new`);
    try {
      navigate(`/jobs/${(await submitPipeline(api, source)).id}`);
    } catch (e) {
      setActionError(e);
    }
  }

  if (job.error) return <ErrorNote error={job.error} />;
  const data = job.data;
  if (!data) return <p aria-busy="true">{t("loading")}</p>;
  const done = (name: string) => data.artifacts.some((a) => a.name === name);
  const seek = (seconds: number) => {
    if (video.current) {
      video.current.currentTime = seconds;
      void video.current.play().catch(() => {});
    }
  };

  return (
    <>
      <h1>
        {t("job")} <code>{data.id}</code>
      </h1>
      <p class="muted">
        {data.kind} · {t(`status_${data.status}` as "status_queued")} · {when(data.createdAt, lang)}
      </p>
      <div class="row actions">
        {!isEnded(data.status) && can("jobs:cancel") && (
          <button type="button" onClick={cancel} data-testid="cancel-job">
            {t("cancel")}
          </button>
        )}
        {isEnded(data.status) && data.kind === "pipeline" && can("jobs:create") && (
          <button type="button" onClick={rerun} data-testid="rerun-job">
            {t("rerun")}
          </button>
        )}
      </div>
      <ErrorNote error={actionError} />
      {data.error && (
        <div class="error" role="alert">
          {data.error.code}: {data.error.message}
        </div>
      )}
      <Section title={t("progress")}>
        <div data-testid="stages" data-live-events={liveEvents} data-status={data.status}>
          <StageBars job={data} live={live} />
        </div>
      </Section>
      <div class="split">
        {done("video.mp4") && (
          <Section title={t("video")}>
            <VideoPlayer
              videoId={resultId("vid", data.id)}
              captions={done("captions.vtt")}
              language={typeof data.options.language === "string" ? data.options.language : lang}
              videoRef={video}
              onTime={setTime}
            />
          </Section>
        )}
        {done("transcript.json") && (
          <Section title={t("transcript")}>
            <Transcript transcriptId={data.transcriptId ?? resultId("trn", data.id)} currentTime={time} onSeek={seek} />
          </Section>
        )}
      </div>
      {done("diagram.svg") && (
        <Section title={t("diagram")}>
          <DiagramPanel diagramId={resultId("dgm", data.id)} canEdit={can("projects:update")} />
        </Section>
      )}
      {data.artifacts.length > 0 && (
        <Section title={t("downloads")}>
          <Downloads items={downloadsOf(data)} />
        </Section>
      )}
    </>
  );
}
