/** The explainer video. Files need the bearer token, so the MP4 is fetched and played from a blob URL. */
import type { Ref } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNote } from "../../components/ui";
import { blobUrl } from "../../lib/api";
import { useT } from "../../lib/i18n";

export function VideoPlayer(props: { videoId: string; videoRef: Ref<HTMLVideoElement>; onTime(seconds: number): void }) {
  const t = useT();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    blobUrl(`/api/v1/videos/${props.videoId}.mp4`).then(
      (u) => (live ? setSrc((url = u)) : URL.revokeObjectURL(u)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [props.videoId]);
  return (
    <div class="video">
      <ErrorNote error={error} />
      {src ? (
        <video ref={props.videoRef} src={src} controls preload="metadata" data-testid="video" aria-label={t("video")} onTimeUpdate={(e) => props.onTime(e.currentTarget.currentTime)} />
      ) : (
        !error && <p aria-busy="true">{t("loading")}</p>
      )}
    </div>
  );
}
