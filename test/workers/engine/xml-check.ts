/**
 * A small XML well-formedness checker for the SVG tests (workerd has no DOMParser): one root
 * element, properly nested and closed tags, quoted and unique attributes, only the five
 * predefined or numeric entities, no raw "<" or "&" in text, and only characters XML 1.0 allows.
 * Returns the problems found; [] means well-formed.
 */

const NAME = /^[A-Za-z_:][\w:.-]*$/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/;

function badCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i++;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return i;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff)
      return i;
  }
  return -1;
}

function checkEntities(text: string, where: string, problems: string[]): void {
  for (let at = text.indexOf("&"); at >= 0; at = text.indexOf("&", at + 1)) {
    if (!ENTITY.test(text.slice(at, at + 12))) problems.push(`bare & in ${where} at ${at}`);
  }
}

function checkAttributes(source: string, tag: string, problems: string[]): void {
  const seen = new Set<string>();
  let rest = source.trim();
  while (rest) {
    const match = /^([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*/.exec(rest);
    if (!match) return void problems.push(`malformed attributes in <${tag}>: ${rest.slice(0, 40)}`);
    const [whole, name, double, single] = match;
    if (!NAME.test(name!)) problems.push(`bad attribute name ${name} in <${tag}>`);
    if (seen.has(name!)) problems.push(`duplicate attribute ${name} in <${tag}>`);
    seen.add(name!);
    const value = double ?? single ?? "";
    if (value.includes("<")) problems.push(`< in attribute ${name} of <${tag}>`);
    checkEntities(value, `attribute ${name}`, problems);
    rest = rest.slice(whole!.length);
  }
}

/** Problems that make `xml` not well-formed; [] when it is. */
export function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const bad = badCharacter(xml);
  if (bad >= 0) problems.push(`character not allowed in XML at ${bad}`);
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf("<", i);
    const text = xml.slice(i, open < 0 ? xml.length : open);
    if (text.trim() && stack.length === 0) problems.push("text outside the root element");
    if (text.includes(">")) problems.push("raw > in text");
    checkEntities(text, "text", problems);
    if (open < 0) break;
    const close = xml.indexOf(">", open);
    if (close < 0) return [...problems, "unterminated tag"];
    const body = xml.slice(open + 1, close);
    i = close + 1;
    if (body.startsWith("?") || body.startsWith("!--")) continue;
    if (body.startsWith("/")) {
      const name = body.slice(1).trim();
      if (stack.pop() !== name) problems.push(`</${name}> does not close the open element`);
      continue;
    }
    const selfClosing = body.endsWith("/");
    const inner = selfClosing ? body.slice(0, -1) : body;
    const name = /^\S+/.exec(inner)?.[0] ?? "";
    if (!NAME.test(name)) problems.push(`bad element name "${name}"`);
    checkAttributes(inner.slice(name.length), name, problems);
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed elements: ${stack.join(", ")}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
