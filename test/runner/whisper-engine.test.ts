/**
 * The whisper.cpp engine refuses jobs it cannot run before any work starts. (No whisper-cli or
 * model is installed here, so transcription itself is covered through parseWhisperJson.)
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWhisperEngine } from "../../containers/media-runner/src/engines/whisper.ts";
import { RunnerFailure } from "../../containers/media-runner/src/errors.ts";
import { scratchDir } from "./helpers.ts";

async function refusal(promise: Promise<unknown>): Promise<RunnerFailure> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RunnerFailure)) throw new Error(`expected a RunnerFailure, got ${String(error)}`);
  return error;
}

describe("whisper engine admission", () => {
  it("is engine_unavailable (not retryable) when WHISPER_BIN / WHISPER_MODEL are not set", async () => {
    const engine = createWhisperEngine({ binary: undefined, model: undefined, version: undefined, threads: 1 });
    const error = await refusal(engine.assertCanRun("ja"));
    expect(error.toWire()).toMatchObject({ code: "engine_unavailable", retryable: false });
    expect(await engine.version()).toBe("not configured");
  });

  it("is engine_unavailable when the model file or the binary is missing", async () => {
    const dir = await scratchDir();
    const model = join(dir, "ggml-base.bin");
    await writeFile(model, "");
    const noModel = createWhisperEngine({
      binary: process.execPath,
      model: join(dir, "missing.bin"),
      version: "v1.7.6",
      threads: 1,
    });
    expect((await refusal(noModel.assertCanRun("ja"))).code).toBe("engine_unavailable");
    const noBinary = createWhisperEngine({
      binary: "whisper-cli-that-is-not-installed",
      model,
      version: "v1.7.6",
      threads: 1,
    });
    expect((await refusal(noBinary.assertCanRun("ja"))).message).toMatch(/not found/);
  });

  it("refuses other languages with an English-only model, and accepts them with a multilingual one", async () => {
    const dir = await scratchDir();
    const englishOnly = join(dir, "ggml-base.en.bin");
    const multilingual = join(dir, "ggml-base.bin");
    await writeFile(englishOnly, "");
    await writeFile(multilingual, "");
    const en = createWhisperEngine({ binary: process.execPath, model: englishOnly, version: "v1.7.6", threads: 1 });
    expect((await refusal(en.assertCanRun("ja"))).toWire()).toMatchObject({
      code: "unsupported_language",
      retryable: false,
    });
    await expect(en.assertCanRun("en-GB")).resolves.toBeUndefined();
    const any = createWhisperEngine({ binary: process.execPath, model: multilingual, version: "v1.7.6", threads: 1 });
    await expect(any.assertCanRun("ja")).resolves.toBeUndefined();
    expect(await any.version()).toBe("whisper.cpp v1.7.6 ggml-base.bin");
  });
});
