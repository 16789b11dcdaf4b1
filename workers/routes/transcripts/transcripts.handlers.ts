import type { AppRouteHandler } from "../../lib/router";
import { toSrt, toText, toVtt } from "../../transcripts/formats";
import { getTranscript, readTranscriptDocument } from "../../transcripts/transcripts";
import type * as routes from "./transcripts.routes";

const EXPORTS = {
  srt: { contentType: "application/x-subrip; charset=utf-8", render: toSrt },
  vtt: { contentType: "text/vtt; charset=utf-8", render: toVtt },
  txt: { contentType: "text/plain; charset=utf-8", render: toText },
} as const;

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const [id, format = "json"] = c.req.valid("param").file.split(".") as [string, string?];
  const record = await getTranscript(c.env, c.get("membership").workspaceId, id);
  const document = await readTranscriptDocument(c.env, record);
  if (format === "json") return c.json(document, 200);
  const { contentType, render } = EXPORTS[format as keyof typeof EXPORTS];
  return c.body(render(document.segments), 200, {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${id}.${format}"`,
  });
};
