/**
 * Turns one inbound WebSocket frame into a ClientMessage, or into the error the hub answers with
 * (and counts as a strike). Pure, so the hub's message handler only dispatches.
 */
import { ClientMessage, MAX_FRAME_BYTES } from "./protocol";

export type ParsedFrame =
  | { ok: true; message: ClientMessage }
  | { ok: false; id: string | undefined; code: string; message: string };

export function parseFrame(data: string | ArrayBuffer): ParsedFrame {
  const size = typeof data === "string" ? data.length : data.byteLength;
  if (size > MAX_FRAME_BYTES)
    return {
      ok: false,
      id: undefined,
      code: "frame_too_large",
      message: `Frames are limited to ${MAX_FRAME_BYTES} bytes.`,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
  } catch {
    return { ok: false, id: undefined, code: "invalid_json", message: "The frame is not JSON." };
  }
  const parsed = ClientMessage.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  // Echo the caller's id (bounded) so it can match the error to its request.
  const id =
    typeof raw === "object" && raw && "id" in raw && typeof raw.id === "string" ? raw.id.slice(0, 64) : undefined;
  const message = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  return { ok: false, id, code: "invalid_message", message };
}
