/** The transcript with timestamps; a line is a button that seeks the video to its start. */
import { ErrorNote, useAsync } from "../../components/ui";
import { api } from "../../lib/api";
import { clock } from "../../lib/format";
import { useT } from "../../lib/i18n";

interface Segment {
  start: number;
  end: number;
  text: string;
}

export function Transcript(props: { transcriptId: string; currentTime: number; onSeek(seconds: number): void }) {
  const t = useT();
  const transcript = useAsync(
    () => api<{ segments: Segment[] }>(`/api/v1/transcripts/${props.transcriptId}.json`),
    [props.transcriptId],
  );
  return (
    <div class="transcript">
      <ErrorNote error={transcript.error} />
      <ol>
        {transcript.data?.segments.map((s, i) => {
          const current = props.currentTime >= s.start && props.currentTime < s.end;
          return (
            <li key={i}>
              <button
                type="button"
                class={`line ${current ? "line-current" : ""}`}
                aria-current={current ? "true" : undefined}
                onClick={() => props.onSeek(s.start)}
                title={t("seekHere")}
              >
                <time>{clock(s.start)}</time> <span>{s.text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
