// Markdown pieces for docs/performance.md (bench/report.mjs): tables, numbers, dates, verdicts.

/** A figure in ms (or any unit) with one decimal; "–" when it was not measured. */
export const num = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** A share (0..1) as a percentage. */
export const pct = (share, digits = 2) => (Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : "–");

/** An integer with thousands separators. */
export const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");

/** "1 case", "3 cases". */
export const plural = (n, word) => `${int(n)} ${word}${n === 1 ? "" : "s"}`;

/** An ISO timestamp as "2026-11-29 01:36 UTC". */
export const when = (iso) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "unknown time");

/** A target's verdict: true → met, false → not met (bold), null/undefined → not measured. */
export const verdict = (ok) => (ok == null ? "not measured" : ok ? "met" : "**not met**");

/** `{ network: 23, 503: 2 }` as "network: 23, 503: 2" (`none` when empty). */
export const counts = (byKey, none = "–") =>
  Object.entries(byKey ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ") || none;

const cell = (value) =>
  String(value ?? "–")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");

/** A Markdown table; columns whose name is in `right` (or every column after the first) align right. */
export function table(columns, rows, right = columns.slice(1)) {
  const align = columns.map((c) => (right.includes(c) ? "---:" : "---"));
  return [
    `| ${columns.map(cell).join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** The line under a section heading: the command that produces it and the run it comes from. */
export function commandLine(command, run, extra = "") {
  const invoked = run?.invoked ?? run?.command;
  const thisRun = invoked && invoked.replace(/ --$/, "") !== command ? `; this run: \`${invoked}\`` : "";
  const took = run?.seconds
    ? `, took ${num(run.seconds, 0)} s`
    : run?.started && run?.finished
      ? `, took ${num((Date.parse(run.finished) - Date.parse(run.started)) / 1000, 0)} s`
      : "";
  return `Produced by \`${command}\`${thisRun}. Run started ${when(run?.started)}${took}${extra}.`;
}

/** The paragraph for a results file that is not there. */
export const notRun = (command, file) =>
  `Not run: no \`bench/results/${file}\`. \`${command}\` produces it; then run \`npm run bench:report\` again.`;
