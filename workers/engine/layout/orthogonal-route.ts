/**
 * A last-resort router: shortest orthogonal path with few bends between two nodes, on the grid
 * of lines through every node's (slightly grown) edges, never entering a node. Layouts that
 * place nodes without routing edges (grids, cards, timelines) and any edge a layout could not
 * route cleanly go through it, so an edge that exists in the data is always drawn, and drawn
 * clear of the nodes it does not join.
 */
import { edgeLabelAt } from "./edge-label";
import { insetRect, polylineCrossesRect, rectsOverlap, round } from "./geometry";
import type { LaidOutEdge, LaidOutNode, Point, Rect } from "./types";

const CLEARANCE = 3;
const BEND_COST = 40;
const MARGIN = 36;

type Side = 0 | 1 | 2 | 3; // right, down, left, up
const STEP: Record<Side, [number, number]> = { 0: [1, 0], 1: [0, 1], 2: [-1, 0], 3: [0, -1] };

function ports(node: Rect): { port: Point; boundary: Point; side: Side }[] {
  const cx = node.x + node.width / 2;
  const cy = node.y + node.height / 2;
  return [
    { port: { x: node.x + node.width + CLEARANCE, y: cy }, boundary: { x: node.x + node.width, y: cy }, side: 0 },
    { port: { x: cx, y: node.y + node.height + CLEARANCE }, boundary: { x: cx, y: node.y + node.height }, side: 1 },
    { port: { x: node.x - CLEARANCE, y: cy }, boundary: { x: node.x, y: cy }, side: 2 },
    { port: { x: cx, y: node.y - CLEARANCE }, boundary: { x: cx, y: node.y }, side: 3 },
  ];
}

/** A tiny binary heap keyed by cost; ties broken by insertion order for determinism. */
class Queue<T> {
  private items: { cost: number; order: number; value: T }[] = [];
  private counter = 0;
  get size() {
    return this.items.length;
  }
  push(cost: number, value: T) {
    this.items.push({ cost, order: this.counter++, value });
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(parent, i)) break;
      [this.items[parent], this.items[i]] = [this.items[i]!, this.items[parent]!];
      i = parent;
    }
  }
  pop(): { cost: number; value: T } {
    const top = this.items[0]!;
    const last = this.items.pop()!;
    if (this.items.length) {
      this.items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.items.length && this.less(l, m)) m = l;
        if (r < this.items.length && this.less(r, m)) m = r;
        if (m === i) break;
        [this.items[m], this.items[i]] = [this.items[i]!, this.items[m]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: number, b: number) {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.cost < y.cost || (x.cost === y.cost && x.order < y.order);
  }
}

/** The orthogonal route from `from` to `to` avoiding `nodes`; undefined only if they are walled in. */
export function routeOrthogonally(from: LaidOutNode, to: LaidOutNode, nodes: LaidOutNode[]): Point[] | undefined {
  const obstacles = nodes.map((n) => insetRect(n, -CLEARANCE + 0.5));
  const starts = ports(from);
  const goals = ports(to);
  const xs = new Set<number>();
  const ys = new Set<number>();
  for (const o of obstacles)
    xs.add(o.x - 0.5), xs.add(o.x + o.width + 0.5), ys.add(o.y - 0.5), ys.add(o.y + o.height + 0.5);
  for (const p of [...starts, ...goals]) xs.add(p.port.x), ys.add(p.port.y);
  const minX = Math.min(...xs) - MARGIN;
  const maxX = Math.max(...xs) + MARGIN;
  const minY = Math.min(...ys) - MARGIN;
  const maxY = Math.max(...ys) + MARGIN;
  xs.add(minX), xs.add(maxX), ys.add(minY), ys.add(maxY);
  const gx = [...xs].sort((a, b) => a - b);
  const gy = [...ys].sort((a, b) => a - b);
  const xi = new Map(gx.map((x, i) => [x, i]));
  const yi = new Map(gy.map((y, i) => [y, i]));
  const blocked = (a: Point, b: Point) => obstacles.some((o) => polylineCrossesRect([a, b], o));
  const key = (i: number, j: number, d: Side) => (i * gy.length + j) * 4 + d;
  const best = new Map<number, number>();
  const previous = new Map<number, number>();
  const queue = new Queue<[number, number, Side]>();
  for (const s of starts) {
    const i = xi.get(s.port.x)!;
    const j = yi.get(s.port.y)!;
    best.set(key(i, j, s.side), 0);
    queue.push(0, [i, j, s.side]);
  }
  const goalAt = new Map(goals.map((g) => [`${xi.get(g.port.x)}:${yi.get(g.port.y)}`, g]));
  while (queue.size) {
    const { cost, value } = queue.pop();
    const [i, j, d] = value;
    const k = key(i, j, d);
    if (cost > (best.get(k) ?? Infinity)) continue;
    const goal = goalAt.get(`${i}:${j}`);
    // Arrive moving into the target: the opposite of the side the port is on.
    if (goal && d === (goal.side + 2) % 4) {
      const path: Point[] = [goal.boundary];
      let current: number | undefined = k;
      while (current !== undefined) {
        const cell = Math.floor(current / 4);
        path.push({ x: gx[Math.floor(cell / gy.length)]!, y: gy[cell % gy.length]! });
        current = previous.get(current);
      }
      const start = starts.find((s) => s.port.x === path[path.length - 1]!.x && s.port.y === path[path.length - 1]!.y)!;
      path.push(start.boundary);
      return simplify(path.reverse());
    }
    for (const nd of [0, 1, 2, 3] as Side[]) {
      if (nd === (d + 2) % 4) continue;
      const ni = i + STEP[nd][0];
      const nj = j + STEP[nd][1];
      if (ni < 0 || nj < 0 || ni >= gx.length || nj >= gy.length) continue;
      const a = { x: gx[i]!, y: gy[j]! };
      const b = { x: gx[ni]!, y: gy[nj]! };
      if (blocked(a, b)) continue;
      const next = cost + Math.abs(b.x - a.x) + Math.abs(b.y - a.y) + (nd === d ? 0 : BEND_COST);
      const nk = key(ni, nj, nd);
      if (next < (best.get(nk) ?? Infinity)) {
        best.set(nk, next);
        previous.set(nk, k);
        queue.push(next, [ni, nj, nd]);
      }
    }
  }
  return undefined;
}

/** Drops points in the middle of straight runs. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points.map((q) => ({ x: round(q.x), y: round(q.y) }))) {
    const a = out[out.length - 2];
    const b = out[out.length - 1];
    if (b && b.x === p.x && b.y === p.y) continue;
    if (a && b && ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y))) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/** Places an edge label on the first segment midpoint where its plate covers no node. */
export function placeLabelOnPath(text: string, points: Point[], nodes: LaidOutNode[]): LaidOutEdge["label"] {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const label = edgeLabelAt(text, round((a.x + b.x) / 2), round((a.y + b.y) / 2));
    if (!nodes.some((n) => rectsOverlap(label.box, insetRect(n, -2)))) return label;
  }
  return undefined;
}
