// `npm run bench`: every benchmark row, each against a baseline measured in this same run.
import { ensureDevVars } from "../scripts/local-platform.mjs";
import { benchApi } from "./api.mjs";
import { benchAuthz } from "./authz.mjs";
import { benchDiagram } from "./diagram.mjs";
import { benchFanout } from "./fanout.mjs";
import { benchMetrics } from "./metrics.mjs";
import { benchPipeline } from "./pipeline.mjs";
import { benchRateLimit } from "./ratelimit.mjs";
import { benchRender } from "./render.mjs";
import { benchSpoken } from "./spoken.mjs";
import { benchTranscription } from "./transcription.mjs";

ensureDevVars();
console.log(`Zukai benchmarks — ${new Date().toISOString()} — node ${process.version}`);
const only = process.argv[2];
if (!only || only === "api") await benchApi();
if (!only || only === "ratelimit") await benchRateLimit();
if (!only || only === "authz") await benchAuthz();
if (!only || only === "metrics") await benchMetrics();
if (!only || only === "transcription") await benchTranscription();
if (!only || only === "spoken") await benchSpoken();
if (!only || only === "fanout") await benchFanout();
if (!only || only === "render" || only === "camera") await benchRender({ only });
if (!only || only === "diagram") await benchDiagram();
if (!only || only === "pipeline") await benchPipeline();
