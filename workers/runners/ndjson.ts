/** Reads an application/x-ndjson body as parsed JSON values, one line at a time. */

/** Yields each non-empty line of the stream parsed as JSON; a line that is not JSON throws. */
export async function* readNdjson(
  body: ReadableStream<Uint8Array>,
  maxLineBytes = 16 * 1024 * 1024,
): AsyncGenerator<unknown> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line);
      newline = buffer.indexOf("\n");
    }
    if (buffer.length > maxLineBytes) throw new Error("ndjson line too long");
    if (done) break;
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}
