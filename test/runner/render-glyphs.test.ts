/**
 * Japanese text is rasterised with real glyphs, not tofu.
 *
 * Why this check works: a font without a character draws its .notdef glyph instead, and that is
 * one and the same box for every missing character. So three different kanji drawn in three
 * cells give three different ink patterns only if real glyphs were found; with tofu the three
 * cells are identical. The control renders the same SVG with a font set that has no CJK (DejaVu
 * Sans alone) and shows the check catches exactly that: ink in every cell, all cells the same.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rasteriseSvg } from "../../containers/media-runner/src/render/rasterise.ts";
import { scratchDir } from "./helpers.ts";
import { greyFrame } from "./render-helpers.ts";

const WIDTH = 1280;
const HEIGHT = 720;
const CENTRES = [240, 640, 1040];
const KANJI = ["日", "本", "語"];
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>
${KANJI.map((kanji, index) => `<text x="${CENTRES[index]}" y="440" font-size="220" text-anchor="middle" fill="#000">${kanji}</text>`).join("\n")}
</svg>`);
const NO_CJK = {
  loadSystemFonts: false,
  fontFiles: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
  defaultFontFamily: "DejaVu Sans",
};

let dir: string;
beforeAll(async () => {
  dir = await scratchDir();
});

/** Each cell's ink mask (dark pixels) around one character. */
async function cells(png: Buffer, name: string): Promise<boolean[][]> {
  const path = join(dir, name);
  await writeFile(path, png);
  const grey = await greyFrame(path, 0);
  expect(grey.length).toBe(WIDTH * HEIGHT);
  return CENTRES.map((centre) => {
    const mask: boolean[] = [];
    for (let y = 180; y < 500; y++)
      for (let x = centre - 160; x < centre + 160; x++) mask.push((grey[y * WIDTH + x] ?? 255) < 128);
    return mask;
  });
}

const ink = (mask: boolean[]) => mask.filter(Boolean).length / mask.length;

/** Pixels inked in exactly one of the two cells, as a share of those inked in either. */
function difference(a: boolean[], b: boolean[]): number {
  let either = 0;
  let one = 0;
  a.forEach((value, index) => {
    if (value || b[index]) either++;
    if (value !== b[index]) one++;
  });
  return either === 0 ? 0 : one / either;
}

describe("rasterising Japanese text", () => {
  it("draws 日, 本 and 語 as three different glyphs", async () => {
    const [a, b, c] = await cells(await rasteriseSvg(SVG, WIDTH, HEIGHT), "cjk.png");
    for (const mask of [a, b, c]) expect(ink(mask ?? [])).toBeGreaterThan(0.05);
    expect(difference(a ?? [], b ?? [])).toBeGreaterThan(0.3);
    expect(difference(b ?? [], c ?? [])).toBeGreaterThan(0.3);
    expect(difference(a ?? [], c ?? [])).toBeGreaterThan(0.3);
  });

  it("control: without a CJK font every kanji becomes the same box, which the check above rejects", async () => {
    const [a, b, c] = await cells(await rasteriseSvg(SVG, WIDTH, HEIGHT, { fonts: NO_CJK }), "tofu.png");
    for (const mask of [a, b, c]) expect(ink(mask ?? [])).toBeGreaterThan(0.01);
    expect(difference(a ?? [], b ?? [])).toBeLessThan(0.05);
    expect(difference(b ?? [], c ?? [])).toBeLessThan(0.05);
  });
});
