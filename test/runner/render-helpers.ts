/**
 * Shared by the render tests: scene SVGs written for the tests, a multipart client for
 * POST /render that parses every line with the protocol's schema, and readers for what ffmpeg
 * and ffprobe say about the outputs.
 */
import { readFile } from "node:fs/promises";
import type { RenderManifest } from "../../containers/media-runner/src/protocol.ts";
import { RenderLine, RunnerError } from "../../containers/media-runner/src/protocol.ts";
import { run } from "./helpers.ts";

export type RenderReply =
  | { ok: true; status: 200; lines: RenderLine[] }
  | { ok: false; status: number; error: RunnerError };

/** A diagram-like scene: a title, `step` boxes joined by arrows, and a marker whose x says which scene it is. */
export function sceneSvg(step: number, title: string): string {
  const boxes = Array.from({ length: step + 1 }, (_, index) => {
    const x = 80 + index * 280;
    const arrow = index > 0 ? `<path d="M ${x - 60} 360 L ${x - 10} 360" stroke="#333" stroke-width="4"/>` : "";
    return `${arrow}<rect x="${x}" y="300" width="200" height="120" rx="16" fill="#dfe9ff" stroke="#2a4d9b" stroke-width="3"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720" viewBox="0 0 1280 720">
<rect width="1280" height="720" fill="#ffffff"/>
<text x="640" y="140" font-size="64" text-anchor="middle" fill="#111">${title}</text>${boxes}
<rect x="${40 + step * 90}" y="520" width="60" height="60" fill="#d22"/></svg>`;
}

export interface RenderParts {
  manifest: Partial<RenderManifest> | string;
  scenes: Record<string, string>;
  audio?: string;
  /** Parts appended after the manifest (or, with manifestLast, before it). */
  manifestLast?: boolean;
}

/** The multipart body: manifest first (as the protocol asks), then scenes, then audio. */
export async function renderForm(parts: RenderParts): Promise<FormData> {
  const form = new FormData();
  const manifest = typeof parts.manifest === "string" ? parts.manifest : JSON.stringify(parts.manifest);
  if (!parts.manifestLast) form.append("manifest", manifest);
  for (const [name, svg] of Object.entries(parts.scenes))
    form.append(name, new Blob([svg], { type: "image/svg+xml" }), name);
  if (parts.audio) form.append("audio", new Blob([await readFile(parts.audio)]), "audio.wav");
  if (parts.manifestLast) form.append("manifest", manifest);
  return form;
}

/** POSTs a render and collects its reply; `onLine` sees each line as it arrives. */
export async function postRender(
  url: string,
  parts: RenderParts,
  onLine?: (line: RenderLine) => void,
): Promise<RenderReply> {
  const response = await fetch(`${url}/render`, { method: "POST", body: await renderForm(parts) });
  if (response.status !== 200)
    return { ok: false, status: response.status, error: RunnerError.parse(await response.json()) };
  const lines: RenderLine[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    pending += decoder.decode(read.value, { stream: true });
    for (let newline = pending.indexOf("\n"); newline >= 0; newline = pending.indexOf("\n")) {
      const line = RenderLine.parse(JSON.parse(pending.slice(0, newline)));
      pending = pending.slice(newline + 1);
      lines.push(line);
      onLine?.(line);
    }
  }
  if (pending.trim()) throw new Error(`unterminated NDJSON line: ${pending}`);
  return { ok: true, status: 200, lines };
}

/** The result line of a successful render (throws with the reply otherwise). */
export function resultOf(reply: RenderReply): Extract<RenderLine, { type: "result" }> {
  const last = reply.ok ? reply.lines.at(-1) : undefined;
  if (last?.type !== "result")
    throw new Error(`render failed: ${JSON.stringify(reply.ok ? reply.lines.at(-1) : reply.error)}`);
  return last;
}

/** Downloads an output to memory (test outputs are small). */
export async function fetchOutput(
  url: string,
  jobId: string,
  name: string,
): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
  const response = await fetch(`${url}/outputs/${jobId}/${name}`);
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get("content-type"),
  };
}

export interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
}

/** ffprobe's view of a media file. */
export async function probe(path: string): Promise<{ streams: ProbedStream[]; durationSeconds: number }> {
  const { stdout } = await run("ffprobe", [
    "-v",
    "error",
    "-of",
    "json",
    "-show_entries",
    "format=duration:stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate",
    path,
  ]);
  const parsed = JSON.parse(stdout) as { streams: ProbedStream[]; format: { duration: string } };
  return { streams: parsed.streams, durationSeconds: Number(parsed.format.duration) };
}

/** The top-level MP4 box types in file order (faststart puts moov before mdat). */
export function topLevelBoxes(mp4: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= mp4.length; ) {
    let size = mp4.readUInt32BE(offset);
    types.push(mp4.toString("latin1", offset + 4, offset + 8));
    if (size === 1) size = Number(mp4.readBigUInt64BE(offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

/** One frame at `seconds` as 8-bit grey pixels (row-major, width × height). */
export async function greyFrame(path: string, seconds: number): Promise<Buffer> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-ss", String(seconds), "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
    {
      encoding: "buffer",
      maxBuffer: 64 * 1024 ** 2,
    },
  );
  return stdout;
}

/** Mean absolute difference of two grey images over rows [top, bottom). */
export function meanDifference(a: Buffer, b: Buffer, width: number, top: number, bottom: number): number {
  let total = 0;
  for (let index = top * width; index < bottom * width; index++) total += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
  return total / ((bottom - top) * width);
}
