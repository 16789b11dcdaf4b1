/**
 * A diagram under construction. Builders add nodes tied to the sentences they came from; the
 * draft turns those into scene ids, numbers everything with short stable ids (n1, e1, g1), and
 * finishes a DiagramData whose scenes list the nodes they reveal.
 */
import type { Analysis } from "../analysis/types";
import { MAX_DETAIL_CHARS, MAX_EDGES, MAX_GROUPS, MAX_NODES } from "../limits";
import type { DiagramData, DiagramEdge, DiagramNode, DiagramType, EdgeKind, NodeKind } from "../schema";
import { edgeLabel } from "./labels";

export interface NodeSpec {
  label: string;
  kind: NodeKind;
  level: number;
  /** Indexes of the sentences this node stands for; their scenes reveal it. */
  sentences: number[];
  time?: string;
  /** Overrides the detail, which is otherwise the text of `sentences`. */
  detail?: string;
  row?: number;
  column?: number;
}

export class DiagramDraft {
  readonly nodes: DiagramNode[] = [];
  readonly edges: DiagramEdge[] = [];
  readonly groups: { id: string; label: string; nodeIds: string[] }[] = [];
  private readonly sentencesOf = new Map<string, Set<number>>();

  constructor(private readonly analysis: Analysis) {}

  /** Whether another node fits under MAX_NODES. */
  get full(): boolean {
    return this.nodes.length >= MAX_NODES;
  }

  addNode(spec: NodeSpec): string {
    const id = `n${this.nodes.length + 1}`;
    const node: DiagramNode = { id, label: spec.label, level: Math.min(32, spec.level), kind: spec.kind, sceneIds: [] };
    const detail = spec.detail ?? this.sentenceText(spec.sentences);
    // Headers and the root name things; every other node keeps the words it was made from.
    if (detail && detail !== spec.label && spec.kind !== "header" && spec.kind !== "root")
      node.detail = detail.slice(0, MAX_DETAIL_CHARS);
    if (spec.time) node.time = spec.time.slice(0, 40);
    if (spec.row !== undefined) node.row = spec.row;
    if (spec.column !== undefined) node.column = spec.column;
    this.nodes.push(node);
    this.sentencesOf.set(id, new Set(spec.sentences));
    return id;
  }

  private sentenceText(indexes: number[]): string {
    const texts = indexes.map((i) => this.analysis.sentences[i]?.text).filter((t): t is string => Boolean(t));
    return texts.join(this.analysis.language === "ja" ? "" : " ");
  }

  /** Ties one more sentence to a node, e.g. a detail sentence that was folded into it. */
  attachSentence(nodeId: string, sentence: number): void {
    this.sentencesOf.get(nodeId)?.add(sentence);
  }

  /** Takes nodes out again, with their edges and groups' references (ids of the rest stay). */
  removeNodes(ids: string[]): void {
    const gone = new Set(ids);
    const keep = <T>(list: T[], test: (item: T) => boolean) => list.splice(0, list.length, ...list.filter(test));
    keep(this.nodes, (n) => !gone.has(n.id));
    keep(this.edges, (e) => !gone.has(e.from) && !gone.has(e.to));
    for (const group of this.groups) keep(group.nodeIds, (id) => !gone.has(id));
    for (const id of gone) this.sentencesOf.delete(id);
  }

  addEdge(from: string, to: string, kind: EdgeKind, label?: string): string | undefined {
    if (from === to || this.edges.length >= MAX_EDGES) return undefined;
    const id = `e${this.edges.length + 1}`;
    const edge: DiagramEdge = { id, from, to, kind };
    const text = label && edgeLabel(label, this.analysis.language);
    if (text) edge.label = text;
    this.edges.push(edge);
    return id;
  }

  hasEdge(from: string, to: string, undirected = false): boolean {
    return this.edges.some((e) => (e.from === from && e.to === to) || (undirected && e.from === to && e.to === from));
  }

  addGroup(label: string, nodeIds: string[]): void {
    if (this.groups.length < MAX_GROUPS) this.groups.push({ id: `g${this.groups.length + 1}`, label, nodeIds });
  }

  /** The finished document; a draft with no node gets one card saying there was nothing to draw. */
  finish(type: DiagramType, title: string): DiagramData {
    if (this.nodes.length === 0) {
      this.addNode({
        label: this.analysis.language === "ja" ? "（内容なし）" : "(nothing to show)",
        kind: "card",
        level: 0,
        sentences: [],
      });
    }
    const sceneOrder = new Map(this.analysis.scenes.map((s, i) => [s.id, i]));
    for (const node of this.nodes) {
      const ids = new Set<string>();
      for (const index of this.sentencesOf.get(node.id) ?? []) {
        const sceneId = this.analysis.sentences[index]?.sceneId;
        if (sceneId) ids.add(sceneId);
      }
      node.sceneIds = [...ids].sort((a, b) => sceneOrder.get(a)! - sceneOrder.get(b)!);
    }
    const scenes = this.analysis.scenes.map((scene) => ({
      id: scene.id,
      start: scene.start,
      end: scene.end,
      text: scene.text,
      nodeIds: this.nodes.filter((n) => n.sceneIds.includes(scene.id)).map((n) => n.id),
    }));
    return {
      version: 1,
      type,
      title,
      language: this.analysis.language,
      nodes: this.nodes.slice(0, MAX_NODES),
      edges: this.edges,
      groups: this.groups,
      scenes,
    };
  }
}
