#!/usr/bin/env node
// Entry point of the `zukai` command: loads the TypeScript CLI through tsx (Node 20 has no
// type stripping of its own).
import { register } from "tsx/esm/api";

register();
const { main, reportFailure } = await import("./zukai.ts");
process.exitCode = await main(process.argv.slice(2)).catch(reportFailure);
