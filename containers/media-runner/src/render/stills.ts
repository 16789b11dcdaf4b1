/**
 * Rasterises every still a render needs: each scene is flattened once (its text laid out with
 * the fonts), then each of its stills is rendered from that without fonts, all in resvg child
 * processes (raster-pool.ts). A few scenes at a time, as many as there are cores.
 */
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { encodePng } from "./png.ts";
import type { PreparedRender } from "./prepare.ts";
import { startRasterPool } from "./raster-pool.ts";
import { stillSvg } from "./rasterise.ts";

export interface StillHooks {
  signal: AbortSignal;
  /** Scene `index` of `total` starts while `done` are finished; throwing stops the render. */
  onScene?(index: number, done: number, total: number): void;
}

/** Writes every still of `prepared.camera` into the job directory. */
export async function rasteriseStills(prepared: PreparedRender, hooks: StillHooks): Promise<void> {
  const { svgParts, manifest, camera, jobDir } = prepared;
  const stillsOf = (part: string) => camera.stills.filter((still) => manifest.scenes[still.scene]?.svgPart === part);
  const lanes = Math.min(svgParts.length, availableParallelism());
  const pool = startRasterPool(lanes, hooks.signal);
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let index = next++; index < svgParts.length; index = next++) {
      const part = svgParts[index] ?? "";
      hooks.onScene?.(index, done, svgParts.length);
      const flat = await pool.flatten(await readFile(prepared.svgPaths.get(part) ?? "", "utf8"));
      for (const still of stillsOf(part)) {
        const image = await pool.render(stillSvg(flat, still.region, still.width, still.height), manifest.background);
        await writeFile(join(jobDir, still.name), await encodePng(image.pixels, image.width, image.height));
      }
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    pool.close();
  }
}
