/**
 * A streaming multipart/form-data reader. `request.formData()` would buffer the whole upload in
 * the isolate's memory; this yields one part at a time and hands file bodies out chunk by chunk.
 * Each part's body must be read (or drained) before asking for the next part.
 */
import { badRequest } from "../lib/errors";

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  body: AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();
const MAX_HEADER_BYTES = 16 * 1024;

/** The boundary of a multipart/form-data content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  // Jump between occurrences of the first byte with the native search, then compare the rest.
  for (
    let i = haystack.indexOf(needle[0]!, from);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(needle[0]!, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function parsePartHeaders(text: string): Omit<MultipartPart, "body"> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition") ?? "";
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (!name) throw badRequest("malformed_multipart", "A multipart part has no name.");
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  return { name, filename, contentType: headers.get("content-type") };
}

/** Yields the parts of a multipart body in order. */
export async function* readMultipart(
  stream: ReadableStream<Uint8Array>,
  boundary: string,
): AsyncGenerator<MultipartPart> {
  const reader = stream.getReader();
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  // The first boundary has no leading CRLF; pretend it had one.
  let buffer: Uint8Array = encoder.encode("\r\n");
  let ended = false;
  const pull = async () => {
    const { done, value } = await reader.read();
    if (done) ended = true;
    else buffer = concat(buffer, value);
  };
  const fail = () => badRequest("malformed_multipart", "The multipart body is truncated or malformed.");

  // Find the first delimiter.
  for (;;) {
    const at = indexOf(buffer, delimiter);
    if (at >= 0) {
      buffer = buffer.subarray(at + delimiter.length);
      break;
    }
    if (ended) throw fail();
    if (buffer.length > MAX_HEADER_BYTES) throw fail();
    await pull();
  }

  for (;;) {
    while (buffer.length < 2 && !ended) await pull();
    if (buffer[0] === 0x2d && buffer[1] === 0x2d) return; // "--": the closing delimiter
    let headerEnd = indexOf(buffer, encoder.encode("\r\n\r\n"));
    while (headerEnd < 0) {
      if (ended || buffer.length > MAX_HEADER_BYTES) throw fail();
      await pull();
      headerEnd = indexOf(buffer, encoder.encode("\r\n\r\n"));
    }
    const info = parsePartHeaders(new TextDecoder().decode(buffer.subarray(2, headerEnd)));
    buffer = buffer.subarray(headerEnd + 4);
    let partDone = false;

    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const at = indexOf(buffer, delimiter);
        if (at >= 0) {
          if (at > 0) yield buffer.slice(0, at);
          buffer = buffer.subarray(at + delimiter.length);
          partDone = true;
          return;
        }
        // Keep a tail that could be the start of a delimiter split across reads.
        const safe = buffer.length - delimiter.length;
        if (safe > 0) {
          yield buffer.slice(0, safe);
          buffer = buffer.subarray(safe);
        }
        if (ended) throw fail();
        await pull();
      }
    }

    const iterator = body();
    yield { ...info, body: iterator };
    if (!partDone) for await (const _ of iterator); // drain what the caller did not read
  }
}
