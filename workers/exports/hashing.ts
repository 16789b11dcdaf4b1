/** SHA-256 of bytes and of streams copied between R2 keys, without holding a whole object in memory. */

/** Lower-case hex of a digest. */
export function toHex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hex SHA-256 of some bytes. */
export async function sha256Of(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

/**
 * Writes `body` (exactly `size` bytes) to `key` while hashing it; answers the hex SHA-256.
 * A stream shorter or longer than `size` fails the write (FixedLengthStream). Bytes already in
 * memory (an uploaded bundle) are hashed and written as they are.
 */
export async function copyHashed(
  bucket: R2Bucket,
  body: ReadableStream<Uint8Array> | Uint8Array,
  size: number,
  key: string,
  contentType: string | undefined,
): Promise<string> {
  const httpMetadata = contentType ? { contentType } : undefined;
  if (body instanceof Uint8Array) {
    if (body.byteLength !== size) throw new Error(`expected ${size} bytes, got ${body.byteLength}`);
    await bucket.put(key, body, { httpMetadata });
    return sha256Of(body);
  }
  const digest = new crypto.DigestStream("SHA-256");
  const [forHash, forStore] = body.tee();
  const [, hex] = await Promise.all([
    bucket.put(key, forStore.pipeThrough(new FixedLengthStream(size)), { httpMetadata }),
    forHash.pipeTo(digest).then(async () => toHex(await digest.digest)),
  ]);
  return hex;
}
