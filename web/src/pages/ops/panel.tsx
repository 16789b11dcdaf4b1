/** One dashboard panel: a metric as a line, bars or a single figure over its time range. */
import { useT } from "../../lib/i18n";
import { TimeChart } from "./chart";
import { type History, metricById } from "./ops-metrics";

export interface PanelConfig {
  id: string;
  title: string;
  metric: string;
  chart: "line" | "bar" | "stat";
  rangeSeconds: number;
}

export function Panel(props: { panel: PanelConfig; history: History; onRemove?(): void }) {
  const t = useT();
  const metric = metricById(props.panel.metric);
  const values = props.history.values[props.panel.metric] ?? [];
  const latest = values.at(-1);
  const shown =
    latest === null || latest === undefined
      ? t("noData")
      : `${Math.round(latest * 100) / 100}${metric?.unit ? ` ${metric.unit}` : ""}`;
  return (
    <figure class="panel" data-testid="panel" data-metric={props.panel.metric}>
      <figcaption>
        <span>{props.panel.title}</span>
        <span class="muted small">
          {metric && t(metric.label) !== props.panel.title ? `${t(metric.label)} · ` : ""}
          {props.panel.rangeSeconds >= 3600
            ? `${props.panel.rangeSeconds / 3600} h`
            : `${Math.round(props.panel.rangeSeconds / 60)} min`}
        </span>
        {props.onRemove && (
          <button
            type="button"
            class="link"
            onClick={props.onRemove}
            aria-label={t("removePanel", { title: props.panel.title })}
          >
            ✕
          </button>
        )}
      </figcaption>
      {props.panel.chart === "stat" ? (
        <p class="stat" aria-live="off">
          {shown}
        </p>
      ) : (
        <>
          <TimeChart
            label={props.panel.title}
            times={props.history.times}
            values={values}
            kind={props.panel.chart}
            rangeSeconds={props.panel.rangeSeconds}
          />
          <p class="muted small">
            {t("latest")}: {shown}
          </p>
        </>
      )}
    </figure>
  );
}
