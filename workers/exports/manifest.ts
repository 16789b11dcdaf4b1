/** The manifest of a workspace export: what the bundle holds and the checksum of every file in it. */

import { z } from "zod";
import { idPattern } from "../lib/ids";

export const EXPORT_FORMAT = "zukai-workspace-export";

export const ExportManifest = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportId: z.string(),
  createdAt: z.string(),
  workspace: z.object({
    id: z.string().regex(idPattern("ws")),
    name: z.string(),
    kind: z.string(),
    plan: z.string(),
  }),
  /** One NDJSON file per table: `tables/{name}.ndjson`, one row (column → value) per line. */
  tables: z.array(
    z.object({
      name: z.string().regex(/^[a-z_]+$/),
      file: z.string(),
      rows: z.number().int().min(0),
      bytes: z.number().int().min(0),
      sha256: z.string().length(64),
    }),
  ),
  /** Every R2 object the workspace had, by key relative to `ws/{id}/`; copied to `objects/{key}`. */
  objects: z.array(
    z.object({
      key: z.string().min(1),
      size: z.number().int().min(0),
      sha256: z.string().length(64),
      contentType: z.string().optional(),
    }),
  ),
});
export type ExportManifest = z.infer<typeof ExportManifest>;
