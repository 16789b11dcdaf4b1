/**
 * Japanese phrase boundaries (文節) from BudouX's Japanese model: "入社初日に|社員証と|パソコンを|
 * 受け取ります". Labels are shortened and lines are broken only between these phrases, so a
 * word is never split (研|修, 取り組|む). Only the Japanese model is loaded: with the bundler's
 * browser field the package adds about 10 KB gzip to the Worker, not every language's model.
 */
import { jaModel, Parser } from "budoux";

// Built once per isolate from the model's constant data; it holds no request state.
const PARSER = new Parser(jaModel);

/** The phrases of a Japanese text, in order; joined they give the text back unchanged. */
export function japanesePhrases(text: string): string[] {
  return text ? PARSER.parse(text) : [];
}
