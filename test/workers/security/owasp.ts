/**
 * The OWASP API Security Top 10 (2023), as the security suite names its cases: every case title
 * starts with its item ("API1:2023 …"), so test/security-reporter.ts can count cases per item.
 * Pure data, shared by the tests (workerd) and the reporter (Node).
 */
export const OWASP_ITEMS = {
  API1: "Broken Object Level Authorization",
  API2: "Broken Authentication",
  API3: "Broken Object Property Level Authorization",
  API4: "Unrestricted Resource Consumption",
  API5: "Broken Function Level Authorization",
  API6: "Unrestricted Access to Sensitive Business Flows",
  API7: "Server Side Request Forgery",
  API8: "Security Misconfiguration",
  API9: "Improper Inventory Management",
  API10: "Unsafe Consumption of APIs",
} as const;

export type OwaspItem = keyof typeof OWASP_ITEMS;

/** A case title that names the item it covers: `API1:2023 Broken Object Level Authorization — text`. */
export function sec(item: OwaspItem, text: string): string {
  return `${item}:2023 ${OWASP_ITEMS[item]} — ${text}`;
}

/** The item a case title names, if any. */
export function itemOf(title: string): OwaspItem | undefined {
  const match = /\b(API(?:10|[1-9])):2023\b/.exec(title);
  return match ? (match[1] as OwaspItem) : undefined;
}

/**
 * Earlier test files the suite gathers (run by `npm run test:security` too) whose case titles do
 * not name an item: the item each one covers, by file and, where a file covers several, by title.
 */
export const GATHERED: { file: RegExp; title?: RegExp; item: OwaspItem }[] = [
  { file: /tenant-isolation\.test\.ts$/, item: "API1" },
  { file: /api-keys\.test\.ts$/, title: /another workspace|another workspace's key/, item: "API1" },
  { file: /api-keys\.test\.ts$/, item: "API5" },
  { file: /jwt-attacks\.test\.ts$/, item: "API2" },
  { file: /auth\.test\.ts$/, title: /guesses/, item: "API4" },
  { file: /auth\.test\.ts$/, item: "API2" },
  { file: /privilege-escalation\.test\.ts$/, item: "API3" },
  { file: /authorization-matrix\.test\.ts$/, item: "API5" },
  { file: /rate-limits\.test\.ts$/, item: "API4" },
  { file: /multipart\.test\.ts$/, item: "API4" },
  { file: /transcribe-input\.test\.ts$/, title: /URL input|refuses https?:|refuses file:/, item: "API7" },
  { file: /transcribe-input\.test\.ts$/, title: /another workspace|non-members/, item: "API1" },
  { file: /transcribe-input\.test\.ts$/, item: "API4" },
  { file: /ssrf\.test\.ts$/, item: "API7" },
];

/** The files `npm run test:security` runs besides test/workers/security/ (keep in step with package.json). */
export const GATHERED_FILES = [
  "tenant-isolation",
  "authorization-matrix",
  "privilege-escalation",
  "rate-limits",
  "jwt-attacks",
  "auth",
  "api-keys",
  "ssrf",
  "transcribe-input",
  "multipart",
];
