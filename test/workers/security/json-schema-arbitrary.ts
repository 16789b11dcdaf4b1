/**
 * fast-check arbitraries from JSON Schema (the OpenAPI document's request schemas, and
 * z.toJSONSchema of the WebSocket protocol), plus hostile mutations of what they generate: wrong
 * types, huge and odd-Unicode strings, deep nesting and prototype-pollution keys.
 */
import fc from "fast-check";

type Resolve = (schema: any) => any;

const CAP = 64;

/** A value that conforms (as far as these keywords go) to `schema`. */
export function arbitraryFor(
  schema: any,
  resolve: Resolve,
  options: { urls: string[] },
  depth = 0,
): fc.Arbitrary<unknown> {
  schema = resolve(schema);
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v: any) => arbitraryFor(v, resolve, options, depth + 1)));
  if (schema.allOf?.length) return arbitraryFor(schema.allOf[0], resolve, options, depth + 1);
  const types: string[] = Array.isArray(schema.type)
    ? schema.type
    : schema.type
      ? [schema.type]
      : [schema.properties ? "object" : "string"];
  return fc.oneof(...types.map((type) => byType(type, schema, resolve, options, depth)));
}

function byType(
  type: string,
  schema: any,
  resolve: Resolve,
  options: { urls: string[] },
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "object": {
      const properties: Record<string, any> = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, arbitraryFor(v, resolve, options, depth + 1)]),
      );
      if (Object.keys(model).length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k: string) => k in model) });
    }
    case "array":
      return fc.array(arbitraryFor(schema.items ?? {}, resolve, options, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    case "integer":
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000_000, -1_000_000_000),
        max: Math.min(schema.maximum ?? 1_000_000, 1_000_000_000),
      });
    case "number":
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return stringFor(schema, options);
  }
}

function stringFor(schema: any, options: { urls: string[] }): fc.Arbitrary<string> {
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "uri") return fc.constantFrom(...options.urls);
  if (schema.format === "date-time")
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  const id = /^\^([a-z]+)_\[([^\]]+)\]\{(\d+)\}(.*)\$$/.exec(schema.pattern ?? "");
  if (id) {
    // Prefixed ids: the prefix and the right alphabet and length (file suffixes stay off).
    const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    return fc
      .string({ unit: fc.constantFrom(...alphabet), minLength: Number(id[3]), maxLength: Number(id[3]) })
      .map((s) => `${id[1]}_${s}`);
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 500));
    } catch {
      // a pattern JavaScript cannot compile: plain strings then
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? CAP, CAP)) });
}

/** Values of the wrong kind for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    "",
    [],
    {},
    "null",
    "undefined",
    "NaN",
    "0x7fffffff",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
    "${7*7}",
    "\u0000",
    "\ud800",
    "\u202e\u0041",
    "🧨".repeat(100),
    "a".repeat(70_000),
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** JSON text with a nesting depth of `depth`. */
export const deepJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Turns a generated body into hostile JSON text: a field of the wrong kind, extra keys, pollution keys, or deep nesting. */
export function mutatedBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const asObject = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  return fc.oneof(
    valid.map((v) => JSON.stringify(v)),
    fc.tuple(valid, hostileValue).map(([v, bad]) => {
      const object = asObject(v);
      const keys = Object.keys(object);
      return JSON.stringify(keys.length ? { ...object, [keys[keys.length - 1]!]: bad } : { field: bad });
    }),
    fc.tuple(valid, fc.constantFrom("__proto__", "constructor", "prototype")).map(([v, key]) => {
      const text = JSON.stringify(asObject(v));
      const pollution = `"${key}":{"polluted":"yes","prototype":{"polluted":"yes"},"isAdmin":true}`;
      return text === "{}" ? `{${pollution}}` : text.replace(/^\{/, `{${pollution},`);
    }),
    valid.map((v) => JSON.stringify(asObject(v)).replace(/^\{/, `{"nested":${deepJson(3000)},`)),
    hostileValue.map((v) => JSON.stringify(v) ?? "null"),
    fc.constantFrom("", "{", "[]", "{}", "null", '{"a":1,"a":2}', "\ufeff{}", '{"\\u0000":1}', deepJson(100_000)),
  );
}
