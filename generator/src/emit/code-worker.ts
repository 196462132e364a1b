import type { Worker } from "node:worker_threads";
import { SpecError, type Finding } from "../errors.ts";
import type { OpenApiDocument } from "../load/bundle.ts";
import type { ApiModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { widenResponseEnums } from "./types-input.ts";

/**
 * Where the package's TypeScript files are emitted. In this thread by default; the compiled CLI emits them in a
 * worker thread started with the process, so that loading the TypeScript compiler and printing the code overlap
 * with reading the spec, Redocly's structure check and serialising the bundle on the main thread.
 */
export interface CodeEmitter {
  /** Starts on the document at once and finishes when the model is ready. */
  emit(document: OpenApiDocument, model: Promise<ApiModel>): Promise<EmittedFile[]>;
  /** Stops a worker that is no longer needed (after a failure elsewhere). */
  close(): void;
}

export type CodeReply = { files: EmittedFile[] } | { findings: Finding[] } | { crash: { message: string; stack?: string } };

export const inThisThread: CodeEmitter = {
  async emit(document, model) {
    const { emitDocumentCode, emitModelCode } = await import("./code.ts");
    const typesFile = emitDocumentCode(widenResponseEnums(document));
    return [typesFile, ...emitModelCode(await model)];
  },
  close() {},
};

/** A CodeEmitter whose worker is started now, by `start` (which knows how to load the compiled emitters in it). */
export function inWorker(start: () => Worker): CodeEmitter {
  const worker = start();
  // Until emit() is called, a failure of the worker only matters if its answer is asked for.
  const stopped = new Promise<never>((_, reject) => {
    // A worker started early (see scripts/grinfi-codegen.mjs) may already have stopped.
    if (worker.threadId === -1) reject(new Error("the code emitter's worker stopped before it was used"));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the code emitter's worker stopped (exit code ${code}) before answering`)));
  });
  stopped.catch(() => {});
  return {
    emit(document, model) {
      const reply = new Promise<CodeReply>((resolve) => worker.once("message", resolve));
      worker.postMessage({ document: widenResponseEnums(document) });
      // A model that cannot be built fails the generation on the main thread; close() then stops the worker.
      model.then((built) => worker.postMessage({ model: built }), () => {});
      return Promise.race([reply, stopped]).then((answer) => {
        if ("files" in answer) return answer.files;
        if ("findings" in answer) throw new SpecError(answer.findings);
        throw Object.assign(new Error(answer.crash.message), { stack: answer.crash.stack });
      });
    },
    close() {
      void worker.terminate();
    },
  };
}
