/**
 * The explainer video, with its captions shown by default when it has a caption track. Files
 * need the bearer token, so the MP4 and the WebVTT are fetched and played from blob URLs.
 */
import type { Ref } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNote } from "../../components/ui";
import { blobUrl } from "../../lib/api";
import { useT } from "../../lib/i18n";

/** A blob URL for an authenticated file, revoked when the component or the path goes away. */
function useBlobUrl(path: string | null): { url: string | null; error: unknown } {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!path) return;
    let made: string | null = null;
    let live = true;
    blobUrl(path).then(
      (u) => (live ? setUrl((made = u)) : URL.revokeObjectURL(u)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [path]);
  return { url, error };
}

export function VideoPlayer(props: {
  videoId: string;
  captions: boolean;
  language: string;
  videoRef: Ref<HTMLVideoElement>;
  onTime(seconds: number): void;
}) {
  const t = useT();
  const video = useBlobUrl(`/api/v1/videos/${props.videoId}.mp4`);
  const captions = useBlobUrl(props.captions ? `/api/v1/videos/${props.videoId}.vtt` : null);
  // The video waits for its captions, so the track is there (and on) from the first frame.
  const ready = video.url && (!props.captions || captions.url || captions.error);
  return (
    <div class="video">
      <ErrorNote error={video.error} />
      {ready ? (
        // biome-ignore lint/a11y/useMediaCaption: the captions track is added as soon as the job has captions
        <video
          ref={props.videoRef}
          src={video.url ?? undefined}
          controls
          preload="metadata"
          data-testid="video"
          aria-label={t("video")}
          onTimeUpdate={(e) => props.onTime(e.currentTarget.currentTime)}
        >
          {captions.url && (
            <track
              kind="captions"
              src={captions.url}
              srclang={props.language}
              label={t("captions")}
              default
              data-testid="captions-track"
            />
          )}
        </video>
      ) : (
        !video.error && <p aria-busy="true">{t("loading")}</p>
      )}
    </div>
  );
}
