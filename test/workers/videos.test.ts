/**
 * Videos in other shapes than 16:9, through the API against a real runner: a 9:16 video of a
 * diagram made from text is rendered at 720×1280 (720p names the short side) and says so; an
 * unknown aspect ratio is refused before anything is queued.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze, buildDiagram } from "../../workers/engine/index";
import { api, BASE, expectProblem, jobEnded, registerUser, type TestUser, waitForJob } from "./helpers";
import "./provided-context";

let user: TestUser;
beforeAll(async () => {
  user = await registerUser("videos");
});

const TALK =
  "Here is how we ship a release. First, we freeze the features. Then we write the notes. Next, we run the tests. After that, we build the installers. Then we sign them. Finally, we publish the release.";

/** The width and height of an MP4's first track (its tkhd box: 16.16 fixed point at bytes 84 and 88). */
function trackSize(mp4: Uint8Array): { width: number; height: number } {
  const view = new DataView(mp4.buffer, mp4.byteOffset, mp4.byteLength);
  for (let at = 4; at + 92 < mp4.length; at++) {
    if (mp4[at] === 0x74 && mp4[at + 1] === 0x6b && mp4[at + 2] === 0x68 && mp4[at + 3] === 0x64) {
      const box = at - 4;
      if (mp4[box + 8] !== 0) break;
      return { width: view.getUint32(box + 84) >>> 16, height: view.getUint32(box + 88) >>> 16 };
    }
  }
  throw new Error("no tkhd box");
}

describe("videos", () => {
  it("renders a 9:16 video at 720×1280 and reports its aspect ratio", async () => {
    const diagram = buildDiagram(analyze({ text: TALK }), { type: "flow" });
    const accepted = await api("/api/v1/generate-video", {
      token: user.accessToken,
      json: { diagram, resolution: "720p", aspectRatio: "9:16" },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const job = await waitForJob(user.accessToken, accepted.body.id, jobEnded, 180_000);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    const id = `vid_${job.id.slice(4)}`;
    const video = await api(`/api/v1/videos/${id}`, { token: user.accessToken });
    expect(video.body).toMatchObject({ id, resolution: "720p", aspectRatio: "9:16" });
    const mp4 = await SELF.fetch(`${BASE}/api/v1/videos/${id}.mp4`, {
      headers: { Authorization: `Bearer ${user.accessToken}` },
    });
    expect(mp4.status).toBe(200);
    expect(trackSize(new Uint8Array(await mp4.arrayBuffer()))).toEqual({ width: 720, height: 1280 });
  });

  it("refuses an aspect ratio it does not render", async () => {
    const diagram = buildDiagram(analyze({ text: TALK }), { type: "flow" });
    expectProblem(
      await api("/api/v1/generate-video", { token: user.accessToken, json: { diagram, aspectRatio: "4:3" } }),
      422,
    );
  });
});
