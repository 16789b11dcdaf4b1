/**
 * The render manifest: parsed with the protocol's schema, then checked for what a schema cannot
 * say (scene order, times inside the video). Every problem is a 400 before any work starts.
 */
import { RunnerFailure } from "../errors.ts";
import { frameSizeOf, RenderManifest } from "../protocol.ts";

/** Times closer than this count as equal (the Worker computes them from floating-point seconds). */
const EPSILON = 0.001;

function badManifest(message: string): RunnerFailure {
  return new RunnerFailure("bad_request", `the manifest is invalid: ${message}`, { status: 400 });
}

/** Parses and checks the manifest part's text; throws a 400 RunnerFailure when it is unusable. */
export function parseManifest(text: string): RenderManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badManifest("not JSON");
  }
  const parsed = RenderManifest.safeParse(raw);
  if (!parsed.success)
    throw badManifest(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  const manifest = parsed.data;
  const duration = manifest.durationSeconds;
  manifest.scenes.forEach((scene, index) => {
    const where = `scenes[${index}]`;
    if (scene.end < scene.start) throw badManifest(`${where} ends before it starts`);
    if (scene.end > duration + EPSILON)
      throw badManifest(`${where} ends at ${scene.end} s, after the video (${duration} s)`);
    const previous = manifest.scenes[index - 1];
    if (previous && scene.start < previous.end - EPSILON)
      throw badManifest(`${where} starts before scenes[${index - 1}] ends; scenes must be in order without overlap`);
  });
  manifest.cues.forEach((cue, index) => {
    if (cue.end < cue.start) throw badManifest(`cues[${index}] ends before it starts`);
  });
  manifest.camera?.forEach((hold, index) => {
    if (hold.end < hold.start) throw badManifest(`camera[${index}] ends before it starts`);
    const previous = manifest.camera?.[index - 1];
    if (previous && hold.start < previous.end - EPSILON)
      throw badManifest(
        `camera[${index}] starts before camera[${index - 1}] ends; holds must be in order without overlap`,
      );
  });
  if (manifest.posterScene !== undefined && manifest.posterScene >= manifest.scenes.length) {
    throw badManifest(`posterScene ${manifest.posterScene} does not exist (${manifest.scenes.length} scenes)`);
  }
  return manifest;
}

/** Width and height in pixels of the manifest's resolution and aspect ratio. */
export function frameSize(manifest: RenderManifest): { width: number; height: number } {
  return frameSizeOf(manifest.resolution, manifest.aspectRatio);
}
