/**
 * The answer to a retried `POST /api/v1/generate-diagram` whose first request wrote its job and
 * died before answering (workers/middleware/idempotency.ts): a diagram drawn while the request
 * waited answers 201 with the diagram, as the first request would have; a queued one, the job.
 */

import type { DiagramData } from "../engine";
import { resultId } from "../jobs/result-ids";
import type { AnswerForJob } from "../middleware/idempotency";
import { drawnWhileWaiting } from "./generate";
import { toDiagramResource } from "./resource";
import { getDiagram, readDiagramFile } from "./store";

export const answerForDiagramJob: AnswerForJob = async (c, job) => {
  if (!drawnWhileWaiting(job)) return undefined;
  const record = await getDiagram(c.env, job.workspaceId, resultId("dgm", job.id));
  const data = await (await readDiagramFile(c.env, record, "json")).json<DiagramData>();
  return {
    status: 201,
    body: JSON.stringify(toDiagramResource(record, data)),
    location: `/api/v1/diagrams/${record.id}`,
  };
};
