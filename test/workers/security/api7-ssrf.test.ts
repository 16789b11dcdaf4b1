/**
 * API7 SSRF on every URL input of the API, found in the OpenAPI request schemas (any string field
 * with `format: uri` or a name ending in `url`, at any depth and in every variant), plus the
 * WebSocket job:start message. Beyond ssrf.test.ts (safeFetch and the address ranges) and
 * transcribe-input.test.ts (the audio URL): every field gets loopback, link-local metadata,
 * private ranges, IPv4/IPv6 spellings, local names, other schemes and credentials; a redirect to a
 * private address through the allowed host is stopped after the first hop.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { registerUser, type TestUser } from "../helpers";
import { putEnterpriseTerms } from "../operator";
import "../provided-context";
import { openSocket } from "../ws-client";
import { sec } from "./owasp";
import { deref, type Operation, operations, probe, sample, setSampleUrl } from "./surface";

let user: TestUser;
const slots: { op: Operation; path: string; field: string; make: (url: string) => unknown }[] = [];

const origin = () => inject("remoteOrigin");
const port = () => new URL(origin()).port;

/** Addresses that must never be fetched, in the spellings that have fooled URL checks before. */
const HOSTILE = () => [
  "https://127.0.0.1/a.wav",
  "https://127.1/a.wav",
  "https://0x7f000001/a.wav",
  "https://017700000001/a.wav",
  "https://2130706433/a.wav",
  "https://0.0.0.0/a.wav",
  "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "https://[::ffff:169.254.169.254]/latest/meta-data/",
  "https://[::ffff:a9fe:a9fe]/",
  "https://[fd00:ec2::254]/latest/meta-data/",
  "https://10.0.0.1/",
  "https://172.16.0.1/",
  "https://192.168.1.1/",
  "https://100.64.0.1/",
  "https://[::1]/",
  "https://[::]/",
  "https://[fe80::1]/",
  "https://[fc00::1]/",
  "https://localhost/",
  "https://localhost./",
  "https://api.localhost/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://printer.local/",
  // The allowed test host spelled another way is not the allowed host.
  `http://[::ffff:127.0.0.1]:${port()}/speech/short.wav`,
  `http://127.0.0.2:${port()}/speech/short.wav`,
  `http://localhost:${port()}/speech/short.wav`,
  `https://user:password@${new URL(origin()).host}/speech/short.wav`,
  "http://93.184.216.34/a.wav",
  "file:///etc/passwd",
  "gopher://127.0.0.1:11211/_stats",
  "ftp://93.184.216.34/a.wav",
  "data:audio/wav;base64,UklGRg==",
  "javascript:alert(1)",
];

/** Host names that resolve to private addresses in public DNS (rebinding-style): refused, or not resolvable here. */
const REBINDING = [
  "https://127.0.0.1.nip.io/a.wav",
  "https://169.254.169.254.nip.io/",
  "https://localtest.me/a.wav",
  "https://7f000001.a9fea9fe.rbndr.us/",
];

const isUrlField = (name: string, schema: any) =>
  deref(schema)?.type === "string" && (deref(schema)?.format === "uri" || /url$/i.test(name));

/** Every place in a body schema that holds a URL, with a builder for a valid body carrying a given URL there. */
function urlSlots(schema: any, depth = 0): { field: string; make: (url: string) => unknown }[] {
  schema = deref(schema);
  if (!schema || depth > 6) return [];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.flatMap((v: any) => urlSlots(v, depth + 1));
  if (schema.type === "array")
    return urlSlots(schema.items, depth + 1).map((s) => ({
      field: `[].${s.field}`,
      make: (url: string) => [s.make(url)],
    }));
  if (schema.type !== "object") return [];
  const base = () => (sample(schema) ?? {}) as Record<string, unknown>;
  const out: { field: string; make: (url: string) => unknown }[] = [];
  for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
    if (isUrlField(name, property)) out.push({ field: name, make: (url) => ({ ...base(), [name]: url }) });
    else
      for (const inner of urlSlots(property, depth + 1))
        out.push({ field: `${name}.${inner.field}`, make: (url) => ({ ...base(), [name]: inner.make(url) }) });
  }
  return out;
}

beforeAll(async () => {
  user = await registerUser("api7");
  await putEnterpriseTerms(user.workspaceId, {});
  setSampleUrl(`${origin()}/speech/short.wav`);
  for (const op of await operations()) {
    if (!op.jsonBody || op.pathParams.some((p) => p.name !== "id")) continue;
    const path = op.path.replace("{id}", user.workspaceId);
    for (const slot of urlSlots(op.jsonBody)) slots.push({ op, path, ...slot });
    // A batch item's request is opaque in the document (`additionalProperties`): its URL fields are named here.
    if (op.path === "/api/v1/batch") {
      for (const kind of ["transcription", "pipeline"]) {
        slots.push({
          op,
          path,
          field: `items[].${kind}.url`,
          make: (url) => ({ items: [{ kind, request: { url } }] }),
        });
        slots.push({
          op,
          path,
          field: `items[].${kind}.webhookUrl`,
          make: (url) => ({ items: [{ kind, request: { url: `${origin()}/speech/short.wav`, webhookUrl: url } }] }),
        });
      }
    }
  }
});

const hits = async () => (await fetch(`${origin()}/hits`)).json<number>();

describe("API7 URL inputs", () => {
  it(
    sec(
      "API7",
      "every URL field of every JSON route refuses loopback, metadata, private, local-name, other-scheme and credential URLs",
    ),
    async () => {
      const fields = slots.map((s) => `${s.op.method} ${s.op.path} ${s.field}`);
      for (const expected of [
        "/api/v1/transcribe url",
        "/api/v1/transcribe webhookUrl",
        "/alert-channels url",
        "/api/v1/pipelines url",
        "/api/v1/batch items[]",
      ]) {
        expect(
          fields.some((f) => f.includes(expected.split(" ")[0]!) && f.includes(expected.split(" ")[1]!)),
          `${expected} not found among ${fields.join("; ")}`,
        ).toBe(true);
      }
      const before = await hits();
      for (const slot of slots) {
        // Webhook URLs go through the same check after the audio is fetched: a sample of the list is enough there.
        const isWebhook = /webhookUrl$/.test(slot.field);
        for (const url of isWebhook ? HOSTILE().filter((_, i) => i % 4 === 0) : HOSTILE()) {
          const res = await probe(slot.path, {
            method: slot.op.method.toUpperCase(),
            token: user.accessToken,
            json: slot.make(url),
          });
          const context = `${slot.op.method.toUpperCase()} ${slot.path} ${slot.field}=${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
          if (slot.op.path === "/api/v1/batch" && res.status === 201) {
            // A batch reports each refused item inside the batch.
            expect(res.body.items[0], context).toMatchObject({ status: "refused" });
            expect([422, 400], context).toContain(res.body.items[0].error.status);
            continue;
          }
          expect([400, 422], context).toContain(res.status);
          expect(["url_not_allowed", "validation_failed", "url_unresolvable"], context).toContain(res.body.code);
        }
      }
      // Only the audio URLs of the base bodies (the allowed host, when a webhook URL was the one under test) were fetched.
      const fetched = (await hits()) - before;
      const webhookSlots = slots.filter((s) => !/(^|\.)url$/i.test(s.field) || /webhookUrl$/.test(s.field)).length;
      expect(fetched).toBeLessThanOrEqual(webhookSlots * Math.ceil(HOSTILE().length / 4));
    },
  );

  it(sec("API7", "rebinding-style host names are refused or not resolved, never fetched"), async () => {
    const audio = slots.find((s) => s.op.path === "/api/v1/transcribe" && s.field === "url")!;
    for (const url of REBINDING) {
      const res = await probe(audio.path, { token: user.accessToken, json: audio.make(url) }).catch(
        (e) => ({ status: 0, body: String(e) }) as never,
      );
      // Without internet here the DoH lookup fails (502 dns_failed); with it, the private answer is refused (422).
      expect([422, 502], `${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
      expect(["url_not_allowed", "url_unresolvable", "dns_failed"]).toContain(res.body.code);
    }
  });

  it(
    sec(
      "API7",
      "a redirect from the allowed host to a private or metadata address is stopped after the first hop, keeping nothing",
    ),
    async () => {
      for (const target of [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/a.wav",
        "http://[::1]/a.wav",
        `http://localhost:${port()}/speech/short.wav`,
        "file:///etc/passwd",
      ]) {
        const before = await hits();
        const res = await probe("/api/v1/transcribe", {
          token: user.accessToken,
          json: { url: `${origin()}/redirect?to=${encodeURIComponent(target)}` },
        });
        expect(res.status, `${target}: ${JSON.stringify(res.body)}`).toBe(422);
        expect(res.body.code).toBe("url_not_allowed");
        expect((await hits()) - before).toBe(1);
      }
      const jobs = await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE workspace_id = ?")
        .bind(user.workspaceId)
        .first<{ n: number }>();
      expect(jobs!.n).toBe(0);
      expect((await env.MEDIA.list({ prefix: `ws/${user.workspaceId}/` })).objects).toHaveLength(0);
    },
  );

  it(sec("API7", "the WebSocket job:start message applies the same URL policy"), async () => {
    const socket = await openSocket(user.workspaceId, { token: user.accessToken });
    await socket.next((m) => m.type === "welcome");
    const urls = HOSTILE()
      .filter((u) => /^https?:/.test(u))
      .slice(0, 12);
    for (const [i, url] of urls.entries()) {
      socket.send({ type: "job:start", id: `j${i}`, job: { kind: "transcription", url } });
      const reply = await socket.next((m) => m.id === `j${i}`, 30_000);
      expect(reply.type, `${url}: ${JSON.stringify(reply)}`).toBe("error");
      expect(
        ["url_not_allowed", "validation_failed", "invalid_message", "url_unresolvable"],
        `${url}: ${JSON.stringify(reply)}`,
      ).toContain(reply.code);
    }
    socket.close();
  });
});
