/**
 * The workspace glossary's spellings on a diagram. Labels are cut from sentences and fitted to a
 * budget, and a sentence may spell a term its own way ("cloudflare workers", "ZUKAI"); every
 * label, title and edge label is rewritten so each term reads exactly as the glossary spells it.
 * A term matches whole words only, ignoring case, so "Go" never rewrites "going".
 */
import type { DiagramData } from "../schema";

interface Speller {
  pattern: RegExp;
  term: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One case-insensitive whole-word pattern per term, longest first so "Cloudflare Workers" wins over "Workers". */
function spellers(terms: readonly string[]): Speller[] {
  return [...new Set(terms.map((t) => t.normalize("NFKC").trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      const body = term.split(/\s+/).map(escapeRegExp).join("\\s+");
      // Word edges only where the term itself starts or ends with a word character (C++ and ".NET" have none).
      const open = /^[\p{L}\p{N}]/u.test(term) ? "(?<![\\p{L}\\p{N}])" : "";
      const close = /[\p{L}\p{N}]$/u.test(term) ? "(?![\\p{L}\\p{N}])" : "";
      return { pattern: new RegExp(`${open}${body}${close}`, "giu"), term };
    });
}

/** `text` with every term spelled as the glossary spells it. */
function spell(text: string, list: readonly Speller[]): string {
  let out = text;
  for (const { pattern, term } of list) out = out.replace(pattern, term);
  return out;
}

/** The diagram with the glossary's spelling in its title, labels and edge labels (details keep what was said). */
export function spellGlossaryTerms(data: DiagramData, terms: readonly string[] | undefined): DiagramData {
  if (!terms?.length) return data;
  const list = spellers(terms);
  return {
    ...data,
    title: spell(data.title, list),
    nodes: data.nodes.map((node) => ({ ...node, label: spell(node.label, list) })),
    edges: data.edges.map((edge) => (edge.label ? { ...edge, label: spell(edge.label, list) } : edge)),
    groups: data.groups.map((group) => ({ ...group, label: spell(group.label, list) })),
  };
}
