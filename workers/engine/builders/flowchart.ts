/**
 * Flowchart: steps and decisions. A condition opens a decision whose "yes" edge leads to what
 * follows it; "otherwise", a negative condition, or a condition about the same thing answers the
 * open decision's other branch; a new condition right after a yes-branch is an else-if on the
 * "no" side. Steps without branching simply continue from the last step.
 */
import type { DiagramData, EdgeKind } from "../schema";
import { isEnglishStopword } from "../text/stopwords";
import { type Clause, isShortAnswer, questionLabel, readClauses } from "./conditions";
import type { BuildContext } from "./context";
import { DiagramDraft } from "./draft";
import { sentenceLabel } from "./labels";

const BRANCH_LABELS = { en: { yes: "Yes", no: "No" }, ja: { yes: "はい", no: "いいえ" } } as const;

interface Decision {
  id: string;
  label: string;
  yes?: string;
  no?: string;
}

class FlowchartAssembler {
  readonly draft: DiagramDraft;
  private current?: string;
  private readonly open: Decision[] = [];
  private lastAnswered?: { decision: Decision; branch: "yes" | "no" };

  constructor(private readonly context: BuildContext) {
    this.draft = new DiagramDraft(context.analysis);
  }

  /** "In the priority queue, …": the sentence goes on from the step it names, not from the last one. */
  resumeAt(sentence: string): void {
    const place = /^(?:(?:and|so|then)[,\s]+)?(?:in|at|from|inside|within) (?:the )?([^,]{3,40}),/i.exec(sentence);
    if (!place) return;
    const named = this.draft.nodes.find((n) => n.kind !== "decision" && sharesWords(n.label, place[1]!, "en"));
    if (named) this.current = named.id;
  }

  get budgetLeft(): boolean {
    return this.draft.nodes.length < this.context.maxNodes;
  }

  private decisionOf(id: string | undefined): Decision | undefined {
    return this.open.find((d) => d.id === id);
  }

  /** Connects a new node from where the chart stands: a decision's free branch, or the last step. */
  private connectFromCurrent(to: string): void {
    if (!this.current) return;
    const decision = this.decisionOf(this.current);
    const kind: EdgeKind = decision && !decision.yes ? "yes" : decision && !decision.no ? "no" : "sequence";
    if (decision && kind !== "sequence") decision[kind] = to;
    this.link(this.current, to, kind);
  }

  /** An edge; branches carry their answer as a label, so every renderer shows it. */
  private link(from: string, to: string, kind: EdgeKind): void {
    const answer = kind === "yes" || kind === "no" ? BRANCH_LABELS[this.context.language][kind] : undefined;
    this.draft.addEdge(from, to, kind, answer);
  }

  private addStep(text: string, sentence: number, trigger = false): string {
    return this.draft.addNode({
      label: sentenceLabel(text, this.context.language, trigger ? "event" : "step"),
      kind: "process",
      level: this.draft.nodes.length,
      sentences: [sentence],
    });
  }

  /** A consequence that itself asks ("we look at whether …") becomes a decision, not a step. */
  private addOutcome(text: string, sentence: number): string {
    const inner = readClauses(text, this.context.language)[0];
    if (inner?.role === "question" && inner.condition) return this.addDecision(inner.condition, sentence);
    return this.addStep(text, sentence);
  }

  private addDecision(condition: string, sentence: number): string {
    const label = questionLabel(sentenceLabel(condition, this.context.language), this.context.language);
    const id = this.draft.addNode({ label, kind: "decision", level: this.draft.nodes.length, sentences: [sentence] });
    this.open.push({ id, label });
    return id;
  }

  /** The open decision a clause answers, and on which branch; undefined when it opens a new one. */
  private answerTarget(
    clause: Clause,
    previousInSentence?: Clause,
  ): { decision: Decision; branch: "yes" | "no" } | undefined {
    const free = [...this.open].reverse().filter((d) => !d.yes || !d.no);
    if (free.length === 0) return undefined;
    const branchOf = (d: Decision): "yes" | "no" => (d.yes ? "no" : d.no ? "yes" : clause.negative ? "no" : "yes");
    if (clause.role === "otherwise" || clause.role === "no") {
      const d = free.find((x) => !x.no);
      return d && { decision: d, branch: "no" };
    }
    if (clause.role === "yes") {
      const d = free.find((x) => !x.yes);
      return d && { decision: d, branch: "yes" };
    }
    // The second condition of "未開封なら返金、開封済みならポイント" answers the same decision.
    if (
      previousInSentence?.role === "condition" &&
      this.lastAnswered &&
      !this.lastAnswered.decision[this.lastAnswered.branch === "yes" ? "no" : "yes"]
    ) {
      return { decision: this.lastAnswered.decision, branch: this.lastAnswered.branch === "yes" ? "no" : "yes" };
    }
    const related = free.find((d) => sharesWords(d.label, clause.condition, this.context.language));
    if (related) return { decision: related, branch: branchOf(related) };
    const top = free[0]!;
    if (isShortAnswer(clause.condition, this.context.language) || (clause.negative && !top.no))
      return { decision: top, branch: branchOf(top) };
    return undefined;
  }

  add(clause: Clause, sentence: number, previousInSentence?: Clause): void {
    if (!this.budgetLeft) return;
    if (clause.role === "plain") {
      const id = clause.trigger
        ? this.addStep(clause.consequence, sentence, true)
        : this.addOutcome(clause.consequence, sentence);
      this.connectFromCurrent(id);
      this.current = id;
      return;
    }
    if (clause.role === "question") {
      const id = this.addDecision(clause.condition, sentence);
      this.connectFromCurrent(id);
      this.current = id;
      return;
    }
    const target = this.answerTarget(clause, previousInSentence);
    if (target) {
      this.lastAnswered = target;
      if (!clause.consequence.trim()) return;
      const id = this.addOutcome(clause.consequence, sentence);
      target.decision[target.branch] = id;
      this.link(target.decision.id, id, target.branch);
      this.current = id;
      return;
    }
    // A new decision. Right after a yes-branch, it is the else-if on that decision's "no" side.
    const id = this.addDecision(clause.condition || clause.consequence, sentence);
    const elseOf = [...this.open].reverse().find((d) => d.yes === this.current && !d.no && d.id !== id);
    if (elseOf) {
      elseOf.no = id;
      this.link(elseOf.id, id, "no");
    } else this.connectFromCurrent(id);
    const decision = this.decisionOf(id)!;
    this.current = id;
    this.lastAnswered = { decision, branch: "yes" };
    if (clause.consequence.trim() && this.budgetLeft) {
      const outcome = this.addOutcome(clause.consequence, sentence);
      decision.yes = outcome;
      this.link(id, outcome, "yes");
      this.current = outcome;
    }
  }
}

function sharesWords(a: string, b: string, language: "ja" | "en"): boolean {
  if (!b) return false;
  if (language === "ja") {
    const runs = b.match(/[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]{2,}/g) ?? [];
    return runs.some((run) => a.includes(run));
  }
  // Content words of three letters and more ("bug" answers "Is the issue a bug?"), no function words.
  const words = (text: string) =>
    new Set((text.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !isEnglishStopword(w)));
  const left = words(a);
  return [...words(b)].some((w) => left.has(w) || left.has(w.replace(/s$/, "")) || left.has(`${w}s`));
}

/** Decisions with yes/no edges, and the steps between them. */
export function buildFlowchart(context: BuildContext): DiagramData {
  const assembler = new FlowchartAssembler(context);
  for (const sentence of context.body) {
    if (context.language === "en") assembler.resumeAt(sentence.text);
    let previous: Clause | undefined;
    for (const clause of readClauses(sentence.text, context.language)) {
      assembler.add(clause, sentence.index, previous);
      previous = clause;
    }
  }
  const { draft } = assembler;
  // Where the chart begins and where its paths end, for the shapes people expect.
  const hasIncoming = new Set(draft.edges.map((e) => e.to));
  const hasOutgoing = new Set(draft.edges.map((e) => e.from));
  for (const node of draft.nodes) {
    if (node.kind !== "process") continue;
    if (!hasIncoming.has(node.id) && hasOutgoing.has(node.id)) node.kind = "start";
    else if (!hasOutgoing.has(node.id) && hasIncoming.has(node.id)) node.kind = "end";
  }
  return draft.finish("flowchart", context.title.title);
}
