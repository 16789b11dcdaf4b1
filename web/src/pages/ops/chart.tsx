/** A uPlot time-series chart (line or bars) that redraws in place as samples arrive. */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function TimeChart(props: {
  label: string;
  times: number[];
  values: (number | null)[];
  kind: "line" | "bar";
  rangeSeconds: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const width = Math.max(240, host.current.clientWidth);
    plot.current = new uPlot(
      {
        width,
        height: 160,
        legend: { show: false },
        scales: {
          x: { time: true, auto: false },
          y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, (max ?? 1) * 1.1)] },
        },
        series: [
          {},
          {
            label: props.label,
            stroke: "#1f5fa8",
            width: 2,
            fill: "rgba(31,95,168,0.12)",
            ...(props.kind === "bar" && { paths: uPlot.paths.bars!({ size: [0.7, 40] }), fill: "rgba(31,95,168,0.6)" }),
          },
        ],
        axes: [{ stroke: "#333" }, { stroke: "#333", size: 48 }],
      },
      [[], []],
      host.current,
    );
    const resize = new ResizeObserver(
      () => host.current && plot.current?.setSize({ width: Math.max(240, host.current.clientWidth), height: 160 }),
    );
    resize.observe(host.current);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [props.kind, props.label]);

  useEffect(() => {
    const from = Date.now() / 1000 - props.rangeSeconds;
    const start = props.times.findIndex((t) => t >= from);
    const keep = Math.max(start, 0);
    // The x axis always spans the panel's whole range, so a young history does not stretch to fill it.
    plot.current?.batch(() => {
      plot.current!.setData([props.times.slice(keep), props.values.slice(keep)], false);
      plot.current!.setScale("x", { min: from, max: from + props.rangeSeconds });
    });
  }, [props.times, props.values, props.rangeSeconds]);

  return <div ref={host} class="chart" role="img" aria-label={props.label} />;
}
