/**
 * Reroutes edges that a layered layout drew through a node they do not join. Nodes of one rank
 * share a band across the drawing, and the gaps between bands hold no node; a detour leaves its
 * source into the gap beside it, runs along a lane outside every node, and enters its target
 * from the gap beside that. Each such segment provably misses every node, so the result always
 * passes checkLayout, at the price of a longer line for the rare edge that needs it.
 */
import { edgeLabelAt } from "./edge-label";
import { insetRect, polylineCrossesRect, rectsOverlap, round } from "./geometry";
import type { Placed } from "./place";
import type { Direction, LaidOutEdge, LaidOutNode, Point } from "./types";

const LANE_GAP = 18;
const BAND_MARGIN = 22;

interface Band {
  min: number;
  max: number;
}

/** Whether an edge crosses a node it does not join, or its label covers one. */
export function edgeIsBlocked(edge: LaidOutEdge, nodes: LaidOutNode[]): boolean {
  return nodes.some((node) => {
    if (node.id !== edge.from && node.id !== edge.to && polylineCrossesRect(edge.points, insetRect(node, 1)))
      return true;
    return edge.label !== undefined && rectsOverlap(edge.label.box, insetRect(node, -2));
  });
}

export function detourEdges(placed: Placed, direction: Direction): Placed {
  const tb = direction === "TB";
  // Work in (main, cross): main runs along the ranks' order, cross across a rank.
  const main = (n: { x: number; y: number }, size: { width: number; height: number }) =>
    tb ? { lo: n.y, hi: n.y + size.height } : { lo: n.x, hi: n.x + size.width };
  const crossCenter = (n: LaidOutNode) => (tb ? n.x + n.width / 2 : n.y + n.height / 2);
  const point = (mainValue: number, crossValue: number): Point =>
    tb ? { x: round(crossValue), y: round(mainValue) } : { x: round(mainValue), y: round(crossValue) };

  const bands: Band[] = [];
  for (const node of [...placed.nodes].sort((a, b) => main(a, a).lo - main(b, b).lo)) {
    const span = main(node, node);
    const band = bands.find((b) => span.lo < b.max && b.min < span.hi);
    if (band) [band.min, band.max] = [Math.min(band.min, span.lo), Math.max(band.max, span.hi)];
    else bands.push({ min: span.lo, max: span.hi });
  }
  bands.sort((a, b) => a.min - b.min);
  const bandOf = (node: LaidOutNode) =>
    bands.findIndex((b) => main(node, node).lo >= b.min && main(node, node).hi <= b.max);
  const gapAfter = (i: number) =>
    i + 1 < bands.length ? (bands[i]!.max + bands[i + 1]!.min) / 2 : bands[i]!.max + BAND_MARGIN;
  const gapBefore = (i: number) => (i > 0 ? gapAfter(i - 1) : bands[0]!.min - BAND_MARGIN);
  const farCross = Math.max(
    ...placed.nodes.map((n) => (tb ? n.x + n.width : n.y + n.height)),
    ...placed.edges.flatMap((e) => e.points.map((p) => (tb ? p.x : p.y))),
  );

  const byId = new Map(placed.nodes.map((n) => [n.id, n]));
  let lanes = 0;
  const edges = placed.edges.map((edge) => {
    if (!edgeIsBlocked(edge, placed.nodes)) return edge;
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    const s = bandOf(from);
    const t = bandOf(to);
    const lane = farCross + LANE_GAP * ++lanes;
    const fromSpan = main(from, from);
    const toSpan = main(to, to);
    let points: Point[];
    if (s === t) {
      const gap = gapAfter(s);
      points = [
        point(fromSpan.hi, crossCenter(from)),
        point(gap, crossCenter(from)),
        point(gap, crossCenter(to)),
        point(toSpan.hi, crossCenter(to)),
      ];
    } else {
      const out = gapAfter(s);
      const into = gapBefore(t);
      points = [
        point(fromSpan.hi, crossCenter(from)),
        point(out, crossCenter(from)),
        point(out, lane),
        point(into, lane),
        point(into, crossCenter(to)),
        point(toSpan.lo, crossCenter(to)),
      ];
    }
    const rerouted: LaidOutEdge = { ...edge, points };
    if (edge.label) {
      const mid =
        s === t
          ? point(gapAfter(s), (crossCenter(from) + crossCenter(to)) / 2)
          : point((gapAfter(s) + gapBefore(t)) / 2, lane);
      const label = edgeLabelAt(edge.label.lines.join(" "), mid.x, mid.y);
      // Beside the lane, on its outer side, so the plate covers no node.
      const offset = tb ? { x: label.box.width / 2 + 4, y: 0 } : { x: 0, y: label.box.height / 2 + 4 };
      rerouted.label = s === t ? label : edgeLabelAt(edge.label.lines.join(" "), mid.x + offset.x, mid.y + offset.y);
    }
    return rerouted;
  });
  return { ...placed, edges };
}
