import { describe, expect, it } from "vitest";
import { multipartBoundary, readMultipart } from "../../workers/storage/multipart";

/** A stream that hands the bytes out in pieces of `size`, to split delimiters across reads. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function encode(form: FormData): Promise<{ bytes: Uint8Array; boundary: string }> {
  const response = new Response(form);
  const boundary = multipartBoundary(response.headers.get("Content-Type") ?? "")!;
  return { bytes: new Uint8Array(await response.arrayBuffer()), boundary };
}

async function collect(stream: ReadableStream<Uint8Array>, boundary: string) {
  const parts: { name: string; filename?: string; bytes: number[] }[] = [];
  for await (const part of readMultipart(stream, boundary)) {
    const bytes: number[] = [];
    for await (const chunk of part.body) bytes.push(...chunk);
    parts.push({ name: part.name, filename: part.filename, bytes });
  }
  return parts;
}

describe("readMultipart", () => {
  const file = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);

  it.each([1, 7, 64, 1000, 100_000])("reads fields and a binary file split into %i-byte reads", async (size) => {
    const form = new FormData();
    form.append("language", "ja");
    form.append("file", new Blob([file]), "a.wav");
    form.append("projectId", "prj_x");
    const { bytes, boundary } = await encode(form);
    const parts = await collect(chunked(bytes, size), boundary);
    expect(parts.map((p) => p.name)).toEqual(["language", "file", "projectId"]);
    expect(new TextDecoder().decode(Uint8Array.from(parts[0]!.bytes))).toBe("ja");
    expect(parts[1]!.filename).toBe("a.wav");
    expect(parts[1]!.bytes).toEqual([...file]);
  });

  it("skips parts the caller does not read", async () => {
    const form = new FormData();
    form.append("a", new Blob([file]), "a.bin");
    form.append("b", "second");
    const { bytes, boundary } = await encode(form);
    const names: string[] = [];
    for await (const part of readMultipart(chunked(bytes, 100), boundary)) names.push(part.name);
    expect(names).toEqual(["a", "b"]);
  });

  it("refuses a truncated body", async () => {
    const form = new FormData();
    form.append("file", new Blob([file]), "a.wav");
    const { bytes, boundary } = await encode(form);
    await expect(collect(chunked(bytes.slice(0, 2000), 100), boundary)).rejects.toMatchObject({
      code: "malformed_multipart",
    });
  });

  it("finds the boundary only in a multipart/form-data content type", () => {
    expect(multipartBoundary('multipart/form-data; boundary="abc"')).toBe("abc");
    expect(multipartBoundary("multipart/form-data; boundary=xyz; charset=utf-8")).toBe("xyz");
    expect(multipartBoundary("multipart/mixed; boundary=xyz")).toBeUndefined();
    expect(multipartBoundary("application/json")).toBeUndefined();
  });
});
