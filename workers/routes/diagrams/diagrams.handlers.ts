import { jobCreateAudit, kickOutbox, requestAuditBody } from "../../audit/record";
import { editDiagram } from "../../diagrams/edit";
import { estimateDiagram, generateLater, generateNow, SYNC_TEXT_LIMIT } from "../../diagrams/generate";
import { diagramEtag, toDiagramResource } from "../../diagrams/resource";
import { DIAGRAM_FILES, type DiagramFormat, getDiagram, readDiagramFile } from "../../diagrams/store";
import type { DiagramData } from "../../engine";
import { NO_RESULTS, toJobResource } from "../../jobs/job-resource";
import { AppError } from "../../lib/errors";
import type { AppRouteHandler } from "../../lib/router";
import type * as routes from "./diagrams.routes";

export const generate: AppRouteHandler<typeof routes.generate> = async (c) => {
  const { text, transcriptId, dryRun, ...options } = c.req.valid("json");
  const actor = { workspaceId: c.get("membership").workspaceId, userId: c.get("principal").userId };
  if (dryRun || c.req.query("dryRun") === "true")
    return c.json(await estimateDiagram(c.env, actor, { text, transcriptId }, options), 200);
  if (text !== undefined && text.length <= SYNC_TEXT_LIMIT) {
    const { diagramId, data } = await generateNow(
      c.env,
      actor,
      text,
      options,
      ({ diagramId }) =>
        requestAuditBody(c, actor.workspaceId, {
          action: "diagram.create",
          target: { type: "diagram", id: diagramId },
        }),
      c.get("idempotency"),
    );
    const record = await getDiagram(c.env, actor.workspaceId, diagramId);
    return c.json(toDiagramResource(record, data), 201, {
      Location: `/api/v1/diagrams/${diagramId}`,
      ETag: diagramEtag(record),
    });
  }
  const job = await generateLater(
    c.env,
    actor,
    { text, transcriptId },
    options,
    jobCreateAudit(c),
    c.get("idempotency"),
  );
  return c.json(toJobResource(job, [], NO_RESULTS, [], "full"), 202, { Location: `/api/v1/jobs/${job.id}` });
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const [id, format] = c.req.valid("param").file.split(".") as [string, DiagramFormat | undefined];
  const record = await getDiagram(c.env, c.get("membership").workspaceId, id);
  const etag = diagramEtag(record);
  if (!format) {
    const data = await (await readDiagramFile(c.env, record, "json")).json<DiagramData>();
    return c.json(toDiagramResource(record, data), 200, { ETag: etag });
  }
  const object = await readDiagramFile(c.env, record, format);
  return c.body(object.body, 200, {
    "Content-Type": DIAGRAM_FILES[format].contentType,
    ETag: etag,
    "Cache-Control": "private, no-cache",
  });
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const record = await getDiagram(c.env, c.get("membership").workspaceId, c.req.valid("param").id);
  const ifMatch = c.req.valid("header")["if-match"];
  if (ifMatch && ifMatch !== diagramEtag(record)) {
    throw new AppError(
      412,
      "revision_mismatch",
      "Precondition failed",
      `The diagram is at revision ${record.revision} now; reload and edit again.`,
    );
  }
  const data = c.req.valid("json") as DiagramData;
  const change = {
    action: "diagram.update",
    target: { type: "diagram", id: record.id },
    before: { revision: record.revision, type: record.type, title: record.title },
    after: { revision: record.revision + 1, type: data.type, title: data.title },
  };
  const updated = await editDiagram(c.env, record, data, requestAuditBody(c, record.workspaceId, change));
  await kickOutbox(c.env, record.workspaceId);
  return c.json(toDiagramResource(updated, c.req.valid("json") as DiagramData), 200, { ETag: diagramEtag(updated) });
};
