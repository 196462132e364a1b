// A worker thread of the compiled CLI: loads the code emitters (generator/dist/code.cjs) through their code cache
// and serves one request for the package's TypeScript files (see generator/src/emit/code-worker.ts). CommonJS, so
// the thread starts without Node's ES module loader.
"use strict";
const { workerData } = require("node:worker_threads");
const { loadWithCodeCache } = require("./code-cache.cjs");

const code = loadWithCodeCache(workerData.codeFile, workerData.cacheFile);
code.exports.serveCodeEmitter(() => code.save());
