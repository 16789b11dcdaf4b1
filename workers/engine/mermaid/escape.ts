/**
 * Making arbitrary text safe inside Mermaid source. Flowchart and mind-map labels are written
 * as quoted strings in which Mermaid decodes "#…;" entity codes, so the characters that could end
 * the string or be read as markup become codes. Timeline text has no quoting at all: the
 * characters its grammar reserves (":" separates events, "#" and ";" end text) are replaced by
 * their full-width forms, which read the same.
 */
import { mapCharacters } from "../text/code-units";

const ENTITIES: Record<string, string> = {
  '"': "#quot;",
  "#": "#35;",
  "&": "#amp;",
  "<": "#lt;",
  ">": "#gt;",
  "`": "#96;",
  "%": "#37;",
  "\\": "#92;",
};

/** Removes line breaks, control characters and lone surrogates, which no Mermaid grammar accepts in a label. */
function oneLine(text: string): string {
  const visible = mapCharacters(text, (char, code) =>
    code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? " " : char,
  );
  return visible.replace(/\s+/g, " ").trim();
}

/** A label for inside "…" in flowchart and mind-map source. */
export function quoted(text: string): string {
  let out = "";
  for (const char of oneLine(text)) out += ENTITIES[char] ?? char;
  return `"${out || " "}"`;
}

const TIMELINE_REPLACEMENTS: Record<string, string> = { ":": "：", "#": "＃", ";": "；", "%": "％" };

/** Text for a timeline period or event, which Mermaid cannot quote. */
export function timelineText(text: string): string {
  let out = "";
  for (const char of oneLine(text)) out += TIMELINE_REPLACEMENTS[char] ?? char;
  // A line starting with a keyword would be read as that keyword.
  return out.replace(/^(title|section|timeline)\b/i, "$1\u200b") || "…";
}
