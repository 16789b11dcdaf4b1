/**
 * Fingerprints a request while its body streams to whoever reads it: SHA-256 of the method, the
 * path, the canonical query and the body's bytes with a multipart boundary removed, so the same
 * form sent twice (a fresh random boundary each time) has the same fingerprint, while the same
 * body sent with another query (`?dryRun=true`) does not.
 */
function findAll(haystack: Uint8Array, needle: Uint8Array): number[] {
  const found: number[] = [];
  for (
    let i = haystack.indexOf(needle[0]!);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(needle[0]!, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) {
      found.push(i);
      i += needle.length - 1;
    }
  }
  return found;
}

/** The query with its parameters sorted, so `?b=1&a=2` and `?a=2&b=1` are the same request. */
export function canonicalQuery(url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a, x], [b, y]) =>
    a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1,
  );
  return new URLSearchParams(params).toString();
}

/** Returns the body to read on (unchanged bytes) and a promise of the request's fingerprint once read. */
export function fingerprintRequest(
  request: Request,
  boundary?: string,
): { body: ReadableStream<Uint8Array>; fingerprint: Promise<string> } {
  const url = new URL(request.url);
  return fingerprintBody(request.body, boundary, `${request.method}\n${url.pathname}\n${canonicalQuery(url)}\n`);
}

/** Returns the body to read on (unchanged bytes) and a promise of its fingerprint (after `prefix`) once read. */
export function fingerprintBody(
  body: ReadableStream<Uint8Array> | null,
  boundary?: string,
  prefix = "",
): { body: ReadableStream<Uint8Array>; fingerprint: Promise<string> } {
  const digest = new crypto.DigestStream("SHA-256");
  const writer = digest.getWriter();
  // The request line goes first, separated from the body bytes by the newline it ends with.
  if (prefix) void writer.write(new TextEncoder().encode(prefix)).catch(() => {});
  const needle = boundary ? new TextEncoder().encode(boundary) : undefined;
  let carry = new Uint8Array(0);

  const feed = async (data: Uint8Array, final: boolean) => {
    if (!needle) return writer.write(data);
    const merged = new Uint8Array(carry.length + data.length);
    merged.set(carry);
    merged.set(data, carry.length);
    const hits = findAll(merged, needle);
    // Keep a tail that could be the start of a boundary split across chunks.
    let cut = final ? merged.length : Math.max(0, merged.length - (needle.length - 1));
    for (const hit of hits) if (hit < cut && hit + needle.length > cut) cut = hit + needle.length;
    let from = 0;
    for (const hit of hits) {
      if (hit >= cut) break;
      if (hit > from) await writer.write(merged.slice(from, hit));
      from = hit + needle.length;
    }
    if (cut > from) await writer.write(merged.slice(from, cut));
    carry = merged.slice(cut);
  };

  const source = body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const tapped = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        await feed(chunk, false);
        controller.enqueue(chunk);
      },
      async flush() {
        await feed(new Uint8Array(0), true);
        await writer.close();
      },
    }),
  );
  const fingerprint = digest.digest.then((d) =>
    [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join(""),
  );
  fingerprint.catch(() => {});
  return { body: tapped, fingerprint };
}
