/**
 * A video's scenes as the runner renders them: one SVG per scene (the diagram revealed up to
 * that scene, the scene highlighted), timed to the soundtrack, and the camera that follows what
 * is said over them (camera.ts). The render manifest is the whole of what the runner is told.
 */
import { type AspectRatio, frameSizeOf, type RenderManifest } from "../../containers/media-runner/src/protocol";
import { type DiagramData, type LaidOutDiagram, layoutDiagram, renderSvg } from "../engine";
import { paletteOf } from "../engine/render/theme";
import { type CameraPlanned, planCamera } from "./camera";

/** Seconds each scene is shown when there is no soundtrack to follow. */
export const SILENT_SCENE_SECONDS = 4;

export interface VideoOptions {
  jobId: string;
  resolution: RenderManifest["resolution"];
  aspectRatio: AspectRatio;
  fps: 30 | 60;
  theme: "light" | "dark";
  /** The layout's direction when the request names one; otherwise the one that fits the frame. */
  direction?: "TB" | "LR";
  transition: RenderManifest["transition"];
  captions: RenderManifest["captions"];
}

/** What the video needs of a transcript: the soundtrack's length and the timed sentences (captions). */
export interface Soundtrack {
  durationSeconds: number;
  segments: ReadonlyArray<{ start: number; end: number; text: string }>;
}

export interface ScenePart {
  name: string;
  filename: string;
  contentType: string;
  body: string;
}

export interface VideoScenes {
  manifest: RenderManifest;
  parts: ScenePart[];
  /** The layout the scenes and the camera were drawn from. */
  diagram: LaidOutDiagram;
  camera: CameraPlanned;
}

/**
 * The layout, top to bottom or left to right, that shows the diagram larger in this frame: a
 * long flow runs down a 9:16 frame and across a 16:9 one instead of shrinking to a ribbon.
 * Types whose layout has no direction (a cycle, a matrix) come out the same either way.
 */
function layoutForFrame(
  data: DiagramData,
  theme: "light" | "dark",
  frame: { width: number; height: number },
): LaidOutDiagram {
  const fit = (laid: LaidOutDiagram) =>
    Math.min(frame.width / laid.width, frame.height / laid.height) *
    Math.min(...laid.nodes.map((n) => n.label.fontSize), laid.title.fontSize);
  const [down, across] = [
    layoutDiagram(data, { theme, direction: "TB" }),
    layoutDiagram(data, { theme, direction: "LR" }),
  ];
  return fit(across) > fit(down) ? across : down;
}

/** Lays the diagram out for the frame, draws each scene, times it and plans the camera over it. */
export function videoScenes(data: DiagramData, transcript: Soundtrack | undefined, options: VideoOptions): VideoScenes {
  const { theme } = options;
  const frame = frameSizeOf(options.resolution, options.aspectRatio);
  const diagram = options.direction
    ? layoutDiagram(data, { theme, direction: options.direction })
    : layoutForFrame(data, theme, frame);
  const scenes =
    data.scenes.length > 0
      ? data.scenes
      : [{ id: "all", start: 0, end: SILENT_SCENE_SECONDS, text: data.title, nodeIds: data.nodes.map((n) => n.id) }];
  const duration = transcript?.durationSeconds ?? scenes.length * SILENT_SCENE_SECONDS;
  const timed = scenes.map((scene, index) => {
    const start = transcript ? Math.min(scene.start, duration) : index * SILENT_SCENE_SECONDS;
    return {
      id: scene.id,
      start: index === 0 ? 0 : start,
      end: transcript ? Math.min(Math.max(scene.end, start), duration) : start + SILENT_SCENE_SECONDS,
      svgPart: `scene-${index}.svg`,
    };
  });
  const parts = scenes.map((scene, index) => ({
    name: `scene-${index}.svg`,
    filename: `scene-${index}.svg`,
    contentType: "image/svg+xml",
    body: renderSvg(diagram, { theme, revealUpToScene: scene.id, highlightScene: scene.id }),
  }));
  const camera = planCamera({
    diagram,
    scenes: timed,
    frame,
    durationSeconds: duration,
    burnedCaptions: options.captions === "burned",
  });
  const manifest: RenderManifest = {
    jobId: options.jobId,
    resolution: options.resolution,
    aspectRatio: options.aspectRatio,
    fps: options.fps,
    transition: options.transition,
    transitionSeconds: 0.5,
    captions: options.captions,
    durationSeconds: duration,
    scenes: timed,
    cues: transcript
      ? transcript.segments.filter((s) => s.text.trim()).map((s) => ({ start: s.start, end: s.end, text: s.text }))
      : [],
    camera: camera.shots.map((shot) => ({ start: shot.start, end: shot.end, ...shot.rect })),
    background: paletteOf(theme).background,
    tailSeconds: camera.tailSeconds,
  };
  return { manifest, parts, diagram, camera };
}
