/**
 * The whisper.cpp engine refuses jobs it cannot run before any work starts, and calls whisper-cli
 * with what the job asked for. (No whisper-cli or model is installed here: the invocation is
 * checked against a stand-in that records its arguments, the output through parseWhisperJson.)
 */
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createWhisperEngine } from "../../containers/media-runner/src/engines/whisper.ts";
import { RunnerFailure } from "../../containers/media-runner/src/errors.ts";
import { speechWav } from "../fixtures/speech";
import { expectCompletedTranscript } from "./assertions.ts";
import { scratchDir, segmentsOf, startTestRunner, transcribeLines } from "./helpers.ts";

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

describe("whisper engine invocation", () => {
  it("passes the workspace glossary as --prompt, a Japanese one intact through the options header", async () => {
    const dir = await scratchDir();
    const model = join(dir, "ggml-base.bin");
    await writeFile(model, "");
    // A stand-in for whisper-cli (a third-party binary not installed here): it records its
    // arguments and answers with a whisper JSON fixture where whisper would write its output.
    const argsFile = join(dir, "args.json");
    const fixture = fileURLToPath(new URL("./fixtures/whisper-ja.json", import.meta.url));
    const binary = join(dir, "whisper-cli");
    await writeFile(
      binary,
      `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(args));
fs.copyFileSync(${JSON.stringify(fixture)}, args[args.indexOf("-of") + 1] + ".json");
`,
    );
    await chmod(binary, 0o755);
    const runner = await startTestRunner({ whisper: { binary, model, version: "v1.7.6", threads: 1 } });
    try {
      const audio = join(dir, "talk.wav");
      await writeFile(audio, speechWav(["First we record the lecture."]));
      const prompt = "図解, Zukai, Cloudflare";
      const lines = await transcribeLines(runner.url, audio, {
        options: { language: "ja", engine: "whisper", prompt },
      });
      expectCompletedTranscript(lines);
      expect(segmentsOf(lines).map((s) => s.text)).toEqual(["日本語の音声認識です。", "AIで図解を作ります。"]);
      const args: string[] = JSON.parse(await readFile(argsFile, "utf8"));
      expect(args[args.indexOf("--prompt") + 1]).toBe(prompt);
      expect(args[args.indexOf("-l") + 1]).toBe("ja");

      await transcribeLines(runner.url, audio, { options: { language: "ja", engine: "whisper" } });
      expect(JSON.parse(await readFile(argsFile, "utf8"))).not.toContain("--prompt");
    } finally {
      await runner.close();
    }
  });
});
