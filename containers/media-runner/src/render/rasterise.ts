/**
 * Scene SVG → PNG stills at the video's resolution with resvg: each scene is flattened once
 * (text laid out into paths), then every rectangle the camera needs of it is rendered from that.
 *
 * Fonts: the system's, with Noto Sans CJK loaded first. resvg falls back, glyph by glyph, to the
 * first loaded face that has the character, so loading Noto Sans CJK first makes Japanese text
 * fall back to a sans face that matches the diagram, not to whichever CJK face the system lists
 * first (Noto Serif CJK on Debian), and never to an empty box.
 */

import { existsSync } from "node:fs";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import { Resvg, renderAsync } from "@resvg/resvg-js";
import { inputFailure } from "../errors.ts";
import { abortReason } from "../process.ts";
import type { Rect } from "./camera.ts";
import { toAspect } from "./camera.ts";
import { cullOutside } from "./cull.ts";
import { encodePng } from "./png.ts";

export type FontSetup = NonNullable<ResvgRenderOptions["font"]>;

const CJK_FONT_FILES = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
];

/** What the runner renders with: Noto Sans CJK first, then every system font. */
export const SYSTEM_FONTS: FontSetup = {
  loadSystemFonts: true,
  fontFiles: CJK_FONT_FILES.filter((file) => existsSync(file)),
  defaultFontFamily: "Noto Sans CJK JP",
  sansSerifFamily: "Noto Sans CJK JP",
};

/** The SVG's own size; throws a 422 when it is not an SVG resvg can read. */
export function measureSvg(svg: Buffer, partName: string): { width: number; height: number; viewBox: Rect } {
  try {
    // No fonts: only the document's size is needed here, and loading fonts costs ~100 ms.
    const tree = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: "off" });
    return { width: tree.width, height: tree.height, viewBox: viewBoxOf(tree.toString(), tree.width, tree.height) };
  } catch (error) {
    throw inputFailure(
      "bad_request",
      `${partName} is not a valid SVG: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The SVG with its text turned into paths (resvg's own normalised SVG). Loading fonts and laying
 * out text is what makes a scene slow to rasterise (200–400 ms); done once per scene, every
 * still of it then renders without fonts in a few milliseconds. Synchronous: the runner calls
 * it in a worker thread (flatten-pool.ts).
 */
export function flattenSvg(svg: Buffer | string, fonts: FontSetup = SYSTEM_FONTS): string {
  // A scene without text needs no fonts; skipping them saves the font database load.
  const font = svg.includes("<text") ? fonts : { loadSystemFonts: false };
  return new Resvg(svg, { font, logLevel: "off" }).toString();
}

const ROOT_TAG = /^\s*(?:<\?xml[^>]*>\s*)?<svg\b[^>]*>/;

/** The user-unit rectangle an SVG's root draws (its viewBox, else its size). */
export function viewBoxOf(svg: string, width: number, height: number): Rect {
  const root = ROOT_TAG.exec(svg)?.[0] ?? "";
  const numbers = /\sviewBox="([^"]*)"/
    .exec(root)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (numbers?.length === 4 && numbers.every(Number.isFinite) && (numbers[2] ?? 0) > 0 && (numbers[3] ?? 0) > 0) {
    const [x = 0, y = 0, w = width, h = height] = numbers;
    return { x, y, width: w, height: h };
  }
  return { x: 0, y: 0, width, height };
}

/**
 * `flat` with its root showing `rect` at width × height pixels (rect has the pixels' aspect),
 * without what lies wholly outside it (see cull.ts: resvg-js would abort on some of that).
 */
export function stillSvg(flat: string, rect: Rect, width: number, height: number): string {
  return withViewBox(cullOutside(flat, rect), rect, width, height);
}

function withViewBox(flat: string, rect: Rect, width: number, height: number): string {
  const root = ROOT_TAG.exec(flat)?.[0];
  if (!root) throw new Error("not an SVG document");
  const kept = root
    .replace(/\s(?:width|height|viewBox|preserveAspectRatio)="[^"]*"/g, "")
    .replace(/^\s*(?:<\?xml[^>]*>\s*)?<svg\b/, "");
  const view = [rect.x, rect.y, rect.width, rect.height].map((value) => Number(value.toFixed(4))).join(" ");
  return `<svg width="${width}" height="${height}" viewBox="${view}"${kept}${flat.slice(flat.indexOf(root) + root.length)}`;
}

export interface StillOptions {
  /**
   * What shows where `rect` reaches past the scene, or where the scene is transparent (which
   * would otherwise turn black in YUV video); a CSS colour, white unless the diagram says.
   */
  background?: string;
  signal?: AbortSignal;
}

/** Renders `rect` of a flattened scene to a width × height PNG, here (the runner uses stills.ts). */
export async function renderStill(
  flat: string,
  rect: Rect,
  width: number,
  height: number,
  options: StillOptions = {},
): Promise<Buffer> {
  let image: Awaited<ReturnType<typeof renderAsync>>;
  try {
    image = await renderAsync(
      stillSvg(flat, rect, width, height),
      { font: { loadSystemFonts: false }, background: options.background ?? "#ffffff", logLevel: "off" },
      // resvg-js binds a native handle to the signal it is given, which fails for a signal it
      // has seen before, so each render gets a fresh signal that follows the job's.
      options.signal ? AbortSignal.any([options.signal]) : null,
    );
  } catch (error) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    throw error;
  }
  return encodePng(image.pixels, image.width, image.height);
}

export interface RasteriseOptions {
  fonts?: FontSetup;
  signal?: AbortSignal;
}

/** Renders `svg` to a width×height PNG: scaled to fit, centred, on white. */
export async function rasteriseSvg(
  svg: Buffer,
  width: number,
  height: number,
  options: RasteriseOptions = {},
): Promise<Buffer> {
  const own = measureSvg(svg, "the scene");
  return renderStill(flattenSvg(svg, options.fonts), toAspect(own.viewBox, width / height), width, height, {
    signal: options.signal,
  });
}
