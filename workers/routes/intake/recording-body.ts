/**
 * The documented request bodies of the recording routes (/transcribe, /pipelines). Plain JSON
 * Schema, not a zod validator: an upload is read as a stream, never buffered by one. The option
 * fields are generated from the validator the handler applies, so the docs cannot drift from it.
 */
import { toJSONSchema, type ZodType } from "zod";

function optionFields(options: ZodType) {
  return toJSONSchema(options, { io: "output", unrepresentable: "any" }).properties ?? {};
}

/** multipart/form-data: the recording in `file`, the options as fields. */
export function uploadSchema(options: ZodType) {
  return {
    type: "object" as const,
    required: ["file"],
    properties: { file: { type: "string", format: "binary" } as const, ...optionFields(options) },
  };
}

/** application/json: the recording's `url` beside the options. */
export function urlSchema(options: ZodType) {
  return {
    type: "object" as const,
    required: ["url"],
    properties: { url: { type: "string", format: "uri" } as const, ...optionFields(options) },
  };
}
