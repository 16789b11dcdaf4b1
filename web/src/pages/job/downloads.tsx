/** Every output of the job as a download; files are fetched with the session's token. */
import { useState } from "preact/hooks";
import { ErrorNote } from "../../components/ui";
import { blobUrl } from "../../lib/api";
import { useT } from "../../lib/i18n";

export interface DownloadItem {
  label: string;
  path: string;
  filename: string;
}

async function download(item: DownloadItem): Promise<void> {
  const url = await blobUrl(item.path);
  const a = document.createElement("a");
  a.href = url;
  a.download = item.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Downloads(props: { items: DownloadItem[] }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      <ul class="downloads" aria-label={t("downloads")}>
        {props.items.map((item) => (
          <li key={item.path}>
            <button type="button" onClick={() => download(item).catch(setError)}>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
    </div>
  );
}
