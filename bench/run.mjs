// `npm run bench`: every benchmark row, each against a baseline measured in this same run.
import { ensureDevVars } from "../scripts/local-platform.mjs";
import { benchApi } from "./api.mjs";

ensureDevVars();
console.log(`Zukai benchmarks — ${new Date().toISOString()} — node ${process.version}`);
await benchApi();
