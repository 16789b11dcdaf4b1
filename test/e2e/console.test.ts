/**
 * The web console end to end, in headless Chromium against the real local platform (wrangler dev
 * serving web/dist + a runner): sign up, upload a spoken recording, watch the four stage bars
 * fill from live events, see the diagram and play the video, edit a label, invite a second user
 * who accepts in another browser context and is offered no run button, and compose and save a
 * custom dashboard panel. Main pages are screenshotted to test-artifacts/ and checked with axe-core.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPlatform, ROOT, startLocalPlatform } from "../../scripts/local-platform.mjs";
import { speechWav } from "../fixtures/speech";

const ARTIFACTS = path.join(ROOT, "test-artifacts", "console");
const AXE = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");
const PASSWORD = "a long enough password";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let platform: LocalPlatform;
let dir: string;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zukai-e2e-console-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startLocalPlatform({ port: 8797, runnerPort: 8798, persistTo: path.join(dir, "state") });
  // launch() gives every run a fresh temporary profile (user-data-dir).
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function newPage(context: BrowserContext, who: string): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(`${who}: ${message.text()}`));
  page.on("pageerror", (error) => consoleErrors.push(`${who}: ${error.message}`));
  return page;
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious, `${name}: ${JSON.stringify(serious)}`).toEqual([]);
}

/** The link of the newest verification mail to `email` in the local mail outbox (the platform's embedded D1). */
function mailedVerificationLink(email: string): URL {
  const query = `SELECT action_url FROM outbox WHERE recipient = '${email}' AND subject LIKE 'Confirm your email%' ORDER BY id DESC LIMIT 1`;
  const run = spawnSync(
    path.join(ROOT, "node_modules", ".bin", "wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", path.join(dir, "state"), "--json", "--command", query],
    { cwd: ROOT, encoding: "utf8" },
  );
  const rows = (JSON.parse(run.stdout) as { results: { action_url: string }[] }[])[0]?.results ?? [];
  expect(rows[0]?.action_url, run.stderr).toMatch(/\/verify-email#token=zev_/);
  return new URL(rows[0]!.action_url);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.getByRole("tab", { name: "Sign up" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

describe("the web console", () => {
  it("is served by the Worker as static assets: API paths reach the Worker, console paths get index.html", async () => {
    const missing = await fetch(`${platform.url}/api/v1/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${platform.url}/healthz`)).headers.get("Content-Type")).toMatch(/json/);
    for (const page of ["/", "/invitations/accept"]) {
      const res = await fetch(`${platform.url}${page}`, {
        headers: { Accept: "text/html", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" },
      });
      expect(res.status, page).toBe(200);
      expect(await res.text(), page).toContain('<div id="app"></div>');
    }
  });

  it("drives a recording to a diagram and a video, edits it, shares the workspace with a viewer, and saves a dashboard", async () => {
    const ownerEmail = `console-owner-${Date.now()}@example.test`;
    const viewerEmail = `console-viewer-${Date.now()}@example.test`;
    const owner = await newPage(
      await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } }),
      "owner",
    );

    // Sign up (the auth page is checked for accessibility first).
    await owner.goto(platform.url);
    await owner.getByRole("tab", { name: "Sign in" }).waitFor();
    await expectAccessible(owner, "sign-in");
    await screenshot(owner, "01-sign-in");
    await signUp(owner, "Owner", ownerEmail);
    await expect.poll(() => owner.getByTestId("realtime-status").textContent(), { timeout: 15_000 }).toContain("live");

    // New job: a spoken recording made now, uploaded through the file picker.
    await owner.goto(`${platform.url}/#/new`);
    await owner.getByTestId("submit-job").waitFor();
    await expectAccessible(owner, "new-job");
    await screenshot(owner, "02-new-job");
    await owner.getByTestId("file-input").setInputFiles({
      name: "lecture.wav",
      mimeType: "audio/wav",
      buffer: speechWav(["First we collect the data.", "Then we analyse the results.", "Finally we draw the diagram."]),
    });
    await owner.getByTestId("submit-job").click();
    await owner.waitForURL(/#\/jobs\/job_[0-9a-z]{26}$/, { timeout: 30_000 });
    const jobId = /job_[0-9a-z]{26}/.exec(owner.url())![0];

    // Every stage bar reaches 100% while live events arrive over the WebSocket.
    const stages = owner.getByTestId("stages");
    try {
      for (const stage of ["transcription", "analysis", "visualization", "rendering"]) {
        await expect
          .poll(() => owner.getByTestId(`stage-${stage}`).getAttribute("data-progress"), {
            timeout: 180_000,
            interval: 500,
          })
          .toBe("100");
      }
    } catch (error) {
      await screenshot(owner, "failed-stages");
      throw new Error(
        `${String(error)}\npage: ${await owner.locator("main").textContent()}\nwrangler: ${platform.output().slice(-3000)}`,
      );
    }
    await expect.poll(() => stages.getAttribute("data-status"), { timeout: 30_000 }).toBe("succeeded");
    expect(Number(await stages.getAttribute("data-live-events"))).toBeGreaterThan(0);

    // The diagram as inline SVG, and the video plays with a real duration.
    const diagram = owner.getByTestId("diagram-svg").locator("svg");
    await diagram.waitFor({ timeout: 30_000 });
    const video = owner.getByTestId("video");
    await video.waitFor({ timeout: 30_000 });
    const played = await video.evaluate(async (element) => {
      const v = element as HTMLVideoElement;
      v.muted = true;
      if (v.readyState < 1)
        await new Promise((resolve) => v.addEventListener("loadedmetadata", resolve, { once: true }));
      await v.play();
      await new Promise((resolve) => setTimeout(resolve, 700));
      return { duration: v.duration, currentTime: v.currentTime };
    });
    expect(played.duration).toBeGreaterThan(0);
    expect(played.currentTime).toBeGreaterThan(0);
    // Captions (the job's WebVTT track) are on by default: a cue shows over the picture.
    const track = owner.getByTestId("captions-track");
    await expect
      .poll(() => track.evaluate((element) => (element as HTMLTrackElement).track.cues?.length ?? 0), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    const cue = await video.evaluate(async (element) => {
      const v = element as HTMLVideoElement;
      v.pause();
      const textTrack = v.textTracks[0];
      const first = textTrack?.cues?.[0];
      if (!textTrack || !first) return null;
      v.currentTime = (first.startTime + first.endTime) / 2;
      await new Promise((resolve) => v.addEventListener("seeked", resolve, { once: true }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { mode: textTrack.mode, active: textTrack.activeCues?.length ?? 0, text: (first as VTTCue).text };
    });
    expect(cue).toMatchObject({ mode: "showing", active: 1 });
    expect(cue?.text.trim().length).toBeGreaterThan(0);
    const withCaptions = await video.screenshot({ path: path.join(ARTIFACTS, "03-video-captions.png") });
    await video.evaluate(async (element) => {
      const textTrack = (element as HTMLVideoElement).textTracks[0];
      if (textTrack) textTrack.mode = "hidden";
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(Buffer.compare(withCaptions, await video.screenshot())).not.toBe(0);
    // A transcript line seeks the video.
    await owner.locator(".transcript button").first().click();
    await expectAccessible(owner, "job");
    await screenshot(owner, "03-job");

    // Edit a node label; the re-rendered SVG shows it.
    await owner.getByTestId("edit-diagram").click();
    const firstLabel = owner.locator("input[data-node-id]").first();
    await firstLabel.fill("Edited by the console");
    await owner.getByTestId("save-diagram").click();
    await expect.poll(() => diagram.textContent(), { timeout: 30_000 }).toContain("Edited by the console");
    await screenshot(owner, "04-diagram-edited");

    // Jobs list shows the job as succeeded.
    await owner.goto(`${platform.url}/#/jobs`);
    await expect
      .poll(() => owner.locator(`tr[data-job-id="${jobId}"] [data-testid="job-status"]`).textContent(), {
        timeout: 15_000,
      })
      .toBe("succeeded");
    await expectAccessible(owner, "jobs");
    await screenshot(owner, "05-jobs");

    // A custom dashboard panel, composed and saved.
    await owner.goto(`${platform.url}/#/ops`);
    await expect
      .poll(async () => Number(await owner.getByTestId("live-panels").getAttribute("data-samples")), {
        timeout: 15_000,
      })
      .toBeGreaterThan(2);
    await owner.getByTestId("new-dashboard").click();
    await owner.getByTestId("dashboard-name").fill("Team health");
    await owner.getByTestId("panel-title").fill("Sockets now");
    await owner.getByTestId("panel-metric").selectOption("ws.connections");
    await owner.getByTestId("panel-chart").selectOption("line");
    await owner.getByTestId("add-panel").click();
    await owner.getByTestId("save-dashboard").click();
    await owner.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await owner.reload();
    await owner
      .locator('[data-testid="panel"][data-metric="ws.connections"] figcaption', { hasText: "Sockets now" })
      .waitFor({ timeout: 15_000 });
    await expectAccessible(owner, "ops");
    await screenshot(owner, "06-ops");

    // Invite a viewer; the link comes from the invitations list (mail goes to the local outbox).
    await owner.goto(`${platform.url}/#/admin/members`);
    await owner.getByTestId("invite-email").fill(viewerEmail);
    await owner.getByTestId("invite-role").selectOption("viewer");
    await owner.getByRole("button", { name: "Invite", exact: true }).click();
    const link = owner.getByTestId("invitations").getByRole("link", { name: "invitation link" });
    await link.waitFor({ timeout: 15_000 });
    const acceptUrl = new URL((await link.getAttribute("href"))!);
    await expectAccessible(owner, "admin-members");
    await screenshot(owner, "07-admin-members");

    // The glossary: the owner adds a term and is told, in words, when it is already there.
    await owner.goto(`${platform.url}/#/admin/glossary`);
    const newTerm = owner.locator("form.row");
    await newTerm.getByLabel("Term", { exact: true }).fill("Kubernetes");
    await newTerm.getByLabel("Spoken forms").fill("cooper netties, cube nets");
    await newTerm.getByRole("button", { name: "Add", exact: true }).click();
    await owner.getByRole("cell", { name: "cooper netties, cube nets" }).waitFor({ timeout: 15_000 });
    await newTerm.getByLabel("Term", { exact: true }).fill("kubernetes");
    await newTerm.getByRole("button", { name: "Add", exact: true }).click();
    await owner.getByRole("alert").filter({ hasText: "The glossary already has this term" }).waitFor();
    // The browser logs the refused request; that one 409 is expected, and only that one.
    expect(consoleErrors.splice(0).filter((e) => !/status of 409/.test(e))).toEqual([]);
    await expectAccessible(owner, "admin-glossary");
    await screenshot(owner, "07b-admin-glossary");

    // The invitee, in a separate browser context, signs up from the link and accepts.
    const viewer = await newPage(
      await browser.newContext({ locale: "ja-JP", viewport: { width: 390, height: 844 } }),
      "viewer",
    );
    await viewer.goto(`${platform.url}${acceptUrl.pathname}${acceptUrl.hash}`);
    await viewer.getByRole("tab", { name: "新規登録" }).click();
    await viewer.getByLabel("名前").fill("Viewer");
    await viewer.getByLabel("メールアドレス").fill(viewerEmail);
    await viewer.getByLabel("パスワード").fill(PASSWORD);
    await viewer.getByRole("button", { name: "アカウントを作成" }).click();
    await viewer.getByTestId("accept-invitation").click();
    await viewer.waitForURL(/#\/jobs$/);
    await viewer.locator(`tr[data-job-id="${jobId}"]`).waitFor({ timeout: 15_000 });

    // Registration mailed a verification link; the signed-in viewer opens it and confirms the address.
    const verifyUrl = mailedVerificationLink(viewerEmail);
    await viewer.goto(`${platform.url}${verifyUrl.pathname}${verifyUrl.hash}`);
    await viewer.getByTestId("confirm-email").click();
    await viewer.getByRole("status").filter({ hasText: "メールアドレスを確認しました。" }).waitFor();
    await expectAccessible(viewer, "verify-email");
    await screenshot(viewer, "08a-verify-email-phone");

    // A viewer is offered no way to run anything: no "new job" link, no run or re-run button.
    const nav = viewer.getByRole("navigation", { name: "メイン" });
    await expect.poll(() => nav.getByRole("link").allTextContents()).toContain("ジョブ");
    expect(await nav.getByRole("link", { name: "新規ジョブ" }).count()).toBe(0);
    await viewer.goto(`${platform.url}/#/jobs/${jobId}`);
    await viewer.getByTestId("stages").waitFor();
    await viewer.getByTestId("diagram-svg").locator("svg").waitFor({ timeout: 30_000 });
    expect(await viewer.getByTestId("rerun-job").count()).toBe(0);
    expect(await viewer.getByTestId("edit-diagram").count()).toBe(0);
    await screenshot(viewer, "08-viewer-job-phone");
    await viewer.goto(`${platform.url}/#/new`);
    await viewer.locator(".note").waitFor();
    expect(await viewer.getByTestId("submit-job").count()).toBe(0);

    // The viewer sees the saved dashboard but cannot change it.
    await viewer.goto(`${platform.url}/#/ops`);
    await viewer
      .locator('[data-testid="panel"][data-metric="ws.connections"] figcaption', { hasText: "Sockets now" })
      .waitFor({ timeout: 15_000 });
    expect(await viewer.getByTestId("add-panel").count()).toBe(0);
    expect(await viewer.getByTestId("save-dashboard").count()).toBe(0);
    await expectAccessible(viewer, "viewer-ops");
    await screenshot(viewer, "09-viewer-ops-phone");

    // The viewer reads the glossary, in Japanese, with nothing to change it.
    await viewer.goto(`${platform.url}/#/admin/glossary`);
    await viewer.getByRole("cell", { name: "Kubernetes" }).waitFor({ timeout: 15_000 });
    await viewer.getByText("用語集").first().waitFor();
    expect(await viewer.getByRole("button", { name: "追加" }).count()).toBe(0);
    await expectAccessible(viewer, "viewer-glossary");
    await screenshot(viewer, "09b-viewer-glossary-phone");

    expect(consoleErrors).toEqual([]);
  }, 420_000);

  // Last: the refusal leaves the upload's file unread, and under wrangler dev (this platform) a
  // refused, unread body breaks the next request (test/e2e/refused-body.test.ts, issue 16: 8).
  it("offers only the languages a runner can do now, and shows a refusal in the UI language", async () => {
    // Its own error log: the browser reports the refused upload's 422 as a console error, which is expected here.
    const page = await (
      await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } })
    ).newPage();
    const errors: string[] = [];
    page.on(
      "console",
      (message) => message.type() === "error" && !/status of 422/.test(message.text()) && errors.push(message.text()),
    );
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(platform.url);
    await page.getByRole("tab", { name: "新規登録" }).click();
    await page.getByLabel("名前").fill("Languages");
    await page.getByLabel("メールアドレス").fill(`console-languages-${Date.now()}@example.test`);
    await page.getByLabel("パスワード").fill(PASSWORD);
    await page.getByRole("button", { name: "アカウントを作成" }).click();
    await page.getByRole("navigation", { name: "メイン" }).waitFor();
    await page.goto(`${platform.url}/#/new`);
    const select = page.getByTestId("language");
    // The local runner runs pocketsphinx only: English is the one language offered.
    await expect
      .poll(
        () => select.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
        { timeout: 15_000 },
      )
      .toEqual(["en"]);
    await page.getByText("いまメディアランナーが文字起こしできる言語だけを表示しています。").waitFor();
    // A page loaded while a runner could still do Japanese: the option is there, the pool has changed since.
    await select.evaluate((element) =>
      element.appendChild(Object.assign(document.createElement("option"), { value: "ja", textContent: "日本語" })),
    );
    await select.selectOption("ja");
    await page
      .getByTestId("file-input")
      .setInputFiles({ name: "talk.wav", mimeType: "audio/wav", buffer: speechWav(["First we collect the data."]) });
    await page.getByTestId("submit-job").click();
    await page
      .getByRole("alert")
      .filter({ hasText: "現在、日本語を文字起こしできるメディアランナーがありません。利用できる言語：英語" })
      .waitFor({ timeout: 15_000 });
    expect(page.url()).toMatch(/#\/new$/);
    await screenshot(page, "10-new-job-refused-ja");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
