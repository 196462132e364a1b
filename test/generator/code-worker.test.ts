import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { inWorker } from "../../generator/src/emit/code-worker.ts";
import type { OpenApiDocument } from "../../generator/src/load/bundle.ts";
import type { ApiModel } from "../../generator/src/model/types.ts";

const document = { openapi: "3.1.0", paths: {}, components: {} } as unknown as OpenApiDocument;
const model = Promise.resolve({} as ApiModel);

/** A worker thread running `code` (CommonJS, evaluated). */
const workerRunning = (code: string) => () => new Worker(code, { eval: true });

describe("emitting code in a worker thread", () => {
  it("fails generation with the worker's own error when it crashes", async () => {
    const emitter = inWorker(workerRunning(`throw new Error("code.cjs could not be loaded")`));
    await expect(emitter.emit(document, model)).rejects.toThrow("code.cjs could not be loaded");
  });

  it("fails generation, rather than waiting forever, when the worker stopped before it was used", async () => {
    const worker = new Worker("process.exit(0)", { eval: true });
    await new Promise((resolve) => worker.once("exit", resolve));
    const emitter = inWorker(() => worker);
    await expect(emitter.emit(document, model)).rejects.toThrow(/stopped before it was used/);
  });

  it("fails when the worker exits without answering", async () => {
    const emitter = inWorker(workerRunning(`require("node:worker_threads").parentPort.once("message", () => process.exit(0))`));
    await expect(emitter.emit(document, model)).rejects.toThrow(/stopped \(exit code 0\) before answering/);
  });
});
