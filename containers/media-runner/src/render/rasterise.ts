/**
 * Scene SVG → PNG at the video's resolution with resvg. Each scene is rasterised once; ffmpeg
 * then holds the still for as long as the scene lasts.
 *
 * Fonts: the system's, with Noto Sans CJK loaded first. resvg falls back, glyph by glyph, to the
 * first loaded face that has the character, so loading Noto Sans CJK first makes Japanese text
 * fall back to a sans face that matches the diagram, not to whichever CJK face the system lists
 * first (Noto Serif CJK on Debian), and never to an empty box.
 */
import { Resvg, renderAsync } from "@resvg/resvg-js";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import { existsSync } from "node:fs";
import { inputFailure } from "../errors.ts";
import { abortReason } from "../process.ts";
import { letterboxPng } from "./png.ts";

export type FontSetup = NonNullable<ResvgRenderOptions["font"]>;

const CJK_FONT_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"];

/** What the runner renders with: Noto Sans CJK first, then every system font. */
export const SYSTEM_FONTS: FontSetup = {
  loadSystemFonts: true,
  fontFiles: CJK_FONT_FILES.filter((file) => existsSync(file)),
  defaultFontFamily: "Noto Sans CJK JP",
  sansSerifFamily: "Noto Sans CJK JP",
};

/** Scenes are drawn on white: a transparent SVG would otherwise turn black in YUV video. */
const BACKGROUND = [255, 255, 255, 255] as const;

/** The SVG's own size; throws a 422 when it is not an SVG resvg can read. */
export function measureSvg(svg: Buffer, partName: string): { width: number; height: number } {
  try {
    // No fonts: only the document's size is needed here, and loading fonts costs ~100 ms.
    const tree = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: "off" });
    return { width: tree.width, height: tree.height };
  } catch (error) {
    throw inputFailure("bad_request", `${partName} is not a valid SVG: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface RasteriseOptions {
  fonts?: FontSetup;
  signal?: AbortSignal;
}

/** Renders `svg` to a width×height PNG: scaled to fit, centred, on white. */
export async function rasteriseSvg(svg: Buffer, width: number, height: number, options: RasteriseOptions = {}): Promise<Buffer> {
  const own = measureSvg(svg, "the scene");
  const wider = own.width / own.height >= width / height;
  // A scene without text needs no fonts; skipping them saves the font database load per scene.
  const fonts = svg.includes("<text") ? (options.fonts ?? SYSTEM_FONTS) : { loadSystemFonts: false };
  let image;
  try {
    image = await renderAsync(
      svg,
      { font: fonts, fitTo: wider ? { mode: "width", value: width } : { mode: "height", value: height }, background: "white", logLevel: "off" },
      // resvg-js binds a native handle to the signal it is given, which fails for a signal it
      // has seen before, so each render gets a fresh signal that follows the job's.
      options.signal ? AbortSignal.any([options.signal]) : null,
    );
  } catch (error) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    throw error;
  }
  return letterboxPng(image.pixels, Math.min(image.width, width), Math.min(image.height, height), width, height, BACKGROUND, image.width);
}
