// Makes sure the Debian packages the platform and its tests use are installed: installs the
// missing ones with apt-get when running as root, otherwise stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** What must exist on the machine, and the Debian package that provides it. */
const REQUIREMENTS = [
  { path: "/usr/bin/ffmpeg", pkg: "ffmpeg" },
  { path: "/usr/bin/ffprobe", pkg: "ffmpeg" },
  { path: "/usr/bin/pocketsphinx_continuous", pkg: "pocketsphinx" },
  { path: "/usr/share/pocketsphinx/model/en-us/en-us", pkg: "pocketsphinx-en-us" },
  { path: "/usr/share/pocketsphinx/test/data/librivox/transcription", pkg: "pocketsphinx-testdata" },
  // English test and demo speech: pocketsphinx hears flite's voices almost verbatim.
  { path: "/usr/bin/flite", pkg: "flite" },
  // Japanese test speech only (flite has no Japanese voice).
  { path: "/usr/bin/espeak-ng", pkg: "espeak-ng" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", pkg: "fonts-noto-cjk" },
  // The web console's end-to-end tests drive Debian's Chromium through playwright-core.
  { path: "/usr/bin/chromium", pkg: "chromium" },
  // The operations e2e test scrapes the platform with a real Prometheus and checks rules with promtool.
  { path: "/usr/bin/prometheus", pkg: "prometheus" },
  { path: "/usr/bin/promtool", pkg: "prometheus" },
];

const missing = [...new Set(REQUIREMENTS.filter((r) => !existsSync(r.path)).map((r) => r.pkg))];
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (!isRoot || !hasApt) {
  console.error(`Missing system packages: ${missing.join(", ")}.\nInstall them with:\n  sudo sh -c '${command}'`);
  process.exit(1);
}
console.log(`Installing system packages: ${missing.join(", ")}`);
execFileSync("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
