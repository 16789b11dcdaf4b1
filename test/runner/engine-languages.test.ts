/**
 * What each engine says it can transcribe right now, as /healthz reports it and as the Worker
 * refuses jobs by: PocketSphinx "en" only with its binary and model present, whisper nothing
 * without a model, "en" for an English-only model and its whole set for a multilingual one. A
 * job that names no engine goes to the first one that can do its language.
 */
import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPocketsphinxEngine } from "../../containers/media-runner/src/engines/pocketsphinx.ts";
import { chooseEngine, type Engines } from "../../containers/media-runner/src/engines/registry.ts";
import { createWhisperEngine } from "../../containers/media-runner/src/engines/whisper.ts";
import { RunnerHealth } from "../../containers/media-runner/src/protocol.ts";
import { scratchDir, startTestRunner, type TestRunner } from "./helpers.ts";

const MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";

/** An empty file standing in for a ggml model: the engine only looks at its presence and name. */
async function fakeModel(name: string): Promise<string> {
  const path = join(await scratchDir(), name);
  await writeFile(path, "");
  return path;
}

const whisperWith = (model: string | undefined) =>
  createWhisperEngine({ binary: process.execPath, model, version: "v1.7.6", threads: 1 });

describe("pocketsphinx languages", () => {
  it("is English with the binary and the en-us model installed", async () => {
    expect(
      await createPocketsphinxEngine({ binary: "pocketsphinx_continuous", modelDir: MODEL_DIR }).languages(),
    ).toEqual(["en"]);
  });

  it("is nothing without its binary, or with a model directory that lacks a file", async () => {
    expect(
      await createPocketsphinxEngine({ binary: "pocketsphinx-not-installed", modelDir: MODEL_DIR }).languages(),
    ).toEqual([]);
    const partial = await scratchDir();
    await cp(join(MODEL_DIR, "en-us"), join(partial, "en-us"), { recursive: true });
    await writeFile(join(partial, "en-us.lm.bin"), "");
    // cmudict-en-us.dict is missing, so pocketsphinx_continuous could not start.
    expect(
      await createPocketsphinxEngine({ binary: "pocketsphinx_continuous", modelDir: partial }).languages(),
    ).toEqual([]);
    await rm(partial, { recursive: true, force: true });
  });
});

describe("whisper languages", () => {
  it("is nothing without a model or a binary", async () => {
    expect(await whisperWith(undefined).languages()).toEqual([]);
    expect(await whisperWith(join(await scratchDir(), "ggml-base.bin")).languages()).toEqual([]);
    const model = await fakeModel("ggml-base.bin");
    expect(
      await createWhisperEngine({
        binary: "whisper-cli-not-installed",
        model,
        version: undefined,
        threads: 1,
      }).languages(),
    ).toEqual([]);
  });

  it("is English alone for an English-only model", async () => {
    expect(await whisperWith(await fakeModel("ggml-base.en.bin")).languages()).toEqual(["en"]);
    expect(await whisperWith(await fakeModel("ggml-small.en-q5_1.bin")).languages()).toEqual(["en"]);
  });

  it("is Whisper's multilingual set for a multilingual model, and refuses a language outside it", async () => {
    const engine = whisperWith(await fakeModel("ggml-large-v3-turbo-q5_0.bin"));
    const languages = await engine.languages();
    expect(languages).toHaveLength(100);
    expect(languages).toEqual(expect.arrayContaining(["en", "ja", "zh", "de", "haw", "yue"]));
    await expect(engine.assertCanRun("ja-JP")).resolves.toBeUndefined();
    await expect(engine.assertCanRun("tlh")).rejects.toMatchObject({ code: "unsupported_language" });
  });
});

describe("choosing the engine of a job that names none", () => {
  const engines = async (whisperModel: string | undefined): Promise<Engines> => ({
    pocketsphinx: createPocketsphinxEngine({ binary: "pocketsphinx_continuous", modelDir: MODEL_DIR }),
    whisper: whisperWith(whisperModel),
  });

  it("takes pocketsphinx for English and whisper for Japanese where whisper is multilingual", async () => {
    const pool = await engines(await fakeModel("ggml-base.bin"));
    expect((await chooseEngine(pool, { language: "en-US" })).name).toBe("pocketsphinx");
    expect((await chooseEngine(pool, { language: "ja" })).name).toBe("whisper");
    expect((await chooseEngine(pool, { language: "en", engine: "whisper" })).name).toBe("whisper");
  });

  it("falls back to pocketsphinx, which refuses, when no engine can do the language", async () => {
    const pool = await engines(await fakeModel("ggml-base.en.bin"));
    const chosen = await chooseEngine(pool, { language: "ja" });
    expect(chosen.name).toBe("pocketsphinx");
    await expect(chosen.assertCanRun("ja")).rejects.toMatchObject({ code: "unsupported_language" });
  });
});

describe("GET /healthz", () => {
  let runner: TestRunner;
  beforeAll(async () => {
    runner = await startTestRunner();
  });
  afterAll(async () => {
    await runner.close();
  });

  it("carries each engine's languages; a health answer without them (an older runner) still parses", async () => {
    const health = RunnerHealth.parse(await (await fetch(`${runner.url}/healthz`)).json());
    expect(health.languages).toEqual({ pocketsphinx: ["en"], whisper: [] });
    const { languages: _languages, ...older } = health;
    expect(RunnerHealth.parse(older).languages).toBeUndefined();
  });
});
