/**
 * The content evaluation's shape: a realistic talk and what a person would draw from it, written
 * down before the engine was tuned against it. Items are the labels a person would write ("Sign
 * contract", 雇用契約を結ぶ); "|" separates wordings that are equally good. Maps are keyed by an
 * item's first wording.
 */
import type { DiagramType, Language } from "../../schema";

/** A link a person would draw: from, to, and "yes"/"no" for a branch or "any" when its direction is moot. */
export type ExpectedLink = [from: string, to: string, kind?: "yes" | "no" | "any"];

export interface ContentCase {
  id: string;
  language: Language;
  type: DiagramType;
  text: string;
  /** Acceptable titles, "|"-separated. */
  title: string;
  /** The labels a person writes, in spoken order where the type has an order. */
  items: string[];
  /** Tree and mind map: each item's parent (its first wording); "" is the root. */
  parents?: Record<string, string>;
  /** Matrix and comparison: the header texts a person writes (poles, options, aspects). */
  headers?: string[];
  /** Matrix and comparison: the headers an item sits under. */
  cells?: Record<string, string[]>;
  /** Timeline: the date on each item's tick; "|" separates equivalent forms. */
  dates?: Record<string, string>;
  /** Flowchart, network, concept map: the links a person draws. */
  links?: ExpectedLink[];
}
