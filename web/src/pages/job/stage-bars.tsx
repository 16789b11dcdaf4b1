/** One bar per stage with its progress, ETA and current operation, fed by live events. */

import type { JobResource as Job } from "../../../../contracts/job";
import { duration } from "../../lib/format";
import { useT } from "../../lib/i18n";

export interface StageLive {
  progress: number;
  eta: number | null;
  operation: string;
}

/** A stage's progress: done stages are full, the running one follows its events, later ones are empty. */
function stageProgress(job: Job, name: string, status: string, live: StageLive | undefined): number {
  if (status === "succeeded") return 100;
  if (live) return live.progress;
  if (job.stage === name) return job.progress;
  return 0;
}

export function StageBars(props: { job: Job; live: Record<string, StageLive> }) {
  const t = useT();
  const { job, live } = props;
  return (
    <ol class="stages">
      {job.stages.map(({ name, status }) => {
        const value = Math.round(stageProgress(job, name, status, live[name]));
        const info = live[name];
        const labelId = `stage-label-${name}`;
        return (
          <li key={name} class={`stage stage-${status}`} data-testid={`stage-${name}`} data-progress={value}>
            <div class="stage-head">
              <span id={labelId}>{t(`stage_${name}` as "stage_transcription")}</span>
              <span class="muted small">
                {value}% · {t(`status_${status}` as "status_queued")}
                {status === "running" && info?.eta != null && ` · ${t("eta")} ${duration(info.eta)}`}
              </span>
            </div>
            <progress max={100} value={value} aria-labelledby={labelId} />
            {status === "running" && info?.operation && <div class="muted small">{info.operation}</div>}
          </li>
        );
      })}
    </ol>
  );
}
