/**
 * Fuzzing the WebSocket protocol (durable-objects/workspace-hub/protocol.ts) with fast-check:
 * messages generated from the ClientMessage zod schema (through its JSON Schema) and hostile
 * mutations of them. The property: the hub answers every frame (a reply, an ack or an error),
 * answers a ping right after it, and closes a socket only with 1008 (too many bad frames) — never
 * by crashing. Frames stay under the per-socket rate cap: each socket carries a few cases.
 */
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { ClientMessage } from "../../../durable-objects/workspace-hub/protocol";
import { registerUser } from "../helpers";
import "../provided-context";
import { openSocket, type TestSocket } from "../ws-client";
import { arbitraryFor, mutatedBody } from "./json-schema-arbitrary";
import { sec } from "./owasp";

const CASES = 120;
const CASES_PER_SOCKET = 20;

describe("fuzz: WebSocket protocol", () => {
  it(sec("API8", "fuzz: generated and mutated client messages never crash or hang the hub"), async () => {
    const user = await registerUser("fuzz-ws");
    const schema = z.toJSONSchema(ClientMessage, { unrepresentable: "any" }) as any;
    const resolve = (s: any) => (s?.$ref ? (schema.$defs?.[s.$ref.split("/").pop()] ?? s) : s);
    // job:start URLs never name a real recording (no jobs) nor a host that needs DNS.
    const urls = [`${inject("remoteOrigin")}/hits`, "https://127.0.0.1/a.wav", "https://169.254.169.254/", "not a url"];
    const frames = fc.sample(mutatedBody(arbitraryFor(schema, resolve, { urls })), { numRuns: CASES, seed: 21 });
    let socket: TestSocket | undefined;
    let sent = 0;
    const closes: number[] = [];
    const seen = new Set<string>();
    for (const [i, frame] of frames.entries()) {
      if (!socket || sent >= CASES_PER_SOCKET) {
        for (const m of socket?.messages ?? []) seen.add(m.type === "error" ? `error:${m.code}` : m.type);
        socket?.close();
        socket = await openSocket(user.workspaceId, { token: user.accessToken });
        await socket.next((m) => m.type === "welcome");
        sent = 0;
      }
      const current: TestSocket = socket;
      current.send(frame);
      current.send({ type: "ping", id: `probe-${i}` });
      sent += 2;
      const answer = await Promise.race([
        current.next((m) => m.id === `probe-${i}`, 20_000).then(() => "pong" as const),
        current.closed.then((c) => c),
      ]);
      if (answer !== "pong") {
        // Closed: only the policy close for repeated bad frames is acceptable.
        expect(answer.code, `frame ${i} ${frame.slice(0, 200)} closed the socket`).toBe(1008);
        closes.push(answer.code);
        socket = undefined;
      }
    }
    for (const m of socket?.messages ?? []) seen.add(m.type === "error" ? `error:${m.code}` : m.type);
    socket?.close();
    expect(closes.every((c) => c === 1008)).toBe(true);
    // The generator reaches both sides of the parser: accepted messages and refused ones.
    expect([...seen], [...seen].join()).toEqual(expect.arrayContaining(["ack", "pong", "error:invalid_message"]));
  }, 120_000);
});
