/** Builds a multipart/form-data body as a stream, so a large part (the audio) is never buffered. */

export interface OutgoingPart {
  name: string;
  filename?: string;
  contentType: string;
  body: string | ReadableStream<Uint8Array>;
}

/** The body and its Content-Type header. */
export function multipartBody(parts: OutgoingPart[]): { body: ReadableStream<Uint8Array>; contentType: string } {
  const boundary = `zukai-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writeAll = async () => {
    const writer = writable.getWriter();
    try {
      for (const part of parts) {
        const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ""}`;
        await writer.write(
          encoder.encode(
            `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`,
          ),
        );
        if (typeof part.body === "string") {
          await writer.write(encoder.encode(part.body));
        } else {
          const reader = part.body.getReader();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
            await writer.write(chunk.value);
        }
        await writer.write(encoder.encode("\r\n"));
      }
      await writer.write(encoder.encode(`--${boundary}--\r\n`));
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => {});
    }
  };
  void writeAll();
  return { body: readable, contentType: `multipart/form-data; boundary=${boundary}` };
}
