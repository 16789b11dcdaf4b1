/**
 * Where an import reads an export from: the export's files in R2, or an uploaded bundle. A bundle
 * is NDJSON, one `{ "path", "base64" }` line per file (`manifest.json`, `tables/…`, `objects/…`),
 * exactly what `GET …/exports/{exportId}/bundle` streams.
 */
import { z } from "zod";
import { fromBase64Url } from "../lib/crypto";
import { AppError } from "../lib/errors";

export interface BundleSource {
  /** A small file of the bundle (manifest, table files), or null when absent. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** An object file (a stream, or bytes already in memory) with its size, or null when absent. */
  openObject(path: string): Promise<{ body: ReadableStream<Uint8Array> | Uint8Array; size: number } | null>;
}

/** The files of an export stored in R2 under `prefix`. */
export function r2Source(bucket: R2Bucket, prefix: string): BundleSource {
  return {
    async readFile(path) {
      const object = await bucket.get(prefix + path);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async openObject(path) {
      const object = await bucket.get(prefix + path);
      return object ? { body: object.body, size: object.size } : null;
    },
  };
}

const BundleLine = z.strictObject({ path: z.string().min(1).max(1024), base64: z.string() });

const invalidBundle = (detail: string) => new AppError(422, "invalid_bundle", "Invalid export bundle", detail);

/** Parses an uploaded bundle into an in-memory source (the upload size is capped by the route). */
export function parseBundle(text: string): BundleSource {
  const files = new Map<string, Uint8Array>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw invalidBundle(`Line ${i + 1} is not JSON.`);
    }
    const entry = BundleLine.safeParse(parsed);
    if (!entry.success) throw invalidBundle(`Line ${i + 1} is not a { path, base64 } entry.`);
    if (files.has(entry.data.path)) throw invalidBundle(`${entry.data.path} appears twice.`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(entry.data.base64.replace(/=+$/, "")); // accepts standard base64 too
    } catch {
      throw invalidBundle(`Line ${i + 1} is not base64.`);
    }
    files.set(entry.data.path, bytes);
  });
  return {
    readFile: async (path) => files.get(path) ?? null,
    openObject: async (path) => {
      const bytes = files.get(path);
      return bytes ? { body: bytes, size: bytes.byteLength } : null;
    },
  };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Streams an export's files as a bundle, one file per line, the manifest first. */
export function streamBundle(bucket: R2Bucket, prefix: string, paths: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const path = paths[index++];
      if (path === undefined) return controller.close();
      const object = await bucket.get(prefix + path);
      if (!object) return controller.error(new Error(`export file ${path} is missing`));
      const bytes = new Uint8Array(await object.arrayBuffer());
      controller.enqueue(encoder.encode(`${JSON.stringify({ path, base64: toBase64(bytes) })}\n`));
    },
  });
}
