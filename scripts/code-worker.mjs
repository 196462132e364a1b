// A worker thread of the compiled CLI: loads the code emitters (generator/dist/code.cjs) through their code cache
// and serves one request for the package's TypeScript files (see generator/src/emit/code-worker.ts).
import { workerData } from "node:worker_threads";
import { loadWithCodeCache } from "./code-cache.mjs";

const cli = loadWithCodeCache(workerData.codeFile, workerData.cacheFile);
cli.exports.serveCodeEmitter(() => cli.save());
