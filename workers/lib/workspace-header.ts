/** The optional Zukai-Workspace header that the flat product routes document. */
import { z } from "@hono/zod-openapi";
import { idPattern } from "./ids";

export const WorkspaceHeader = z.object({
  "zukai-workspace": z
    .string()
    .regex(idPattern("ws"), "not a workspace id")
    .optional()
    .openapi({
      param: { name: "zukai-workspace", in: "header" },
      description: "The workspace to act in; defaults to the API key's or the user's personal workspace.",
    }),
});
