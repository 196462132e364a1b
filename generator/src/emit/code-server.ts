import { parentPort } from "node:worker_threads";
import { SpecError } from "../errors.ts";
import type { OpenApiDocument } from "../load/bundle.ts";
import type { ApiModel } from "../model/types.ts";
import { emitDocumentCode, emitModelCode } from "./code.ts";
import type { CodeReply } from "./code-worker.ts";

export { emitDocumentCode, emitModelCode } from "./code.ts";

/**
 * The worker thread's side of CodeEmitter: takes the document (and starts on `src/schema.ts`), then the model,
 * and answers once with every TypeScript file or with what went wrong.
 */
export function serveCodeEmitter(beforeReply: () => void = () => {}): void {
  const port = parentPort;
  if (!port) throw new Error("serveCodeEmitter runs in a worker thread");
  let typesFile: ReturnType<typeof emitDocumentCode> | undefined;
  let answered = false;
  const answer = (reply: CodeReply) => {
    answered = true;
    beforeReply();
    port.postMessage(reply);
    port.close();
  };
  const replyFailure = (error: unknown) =>
    answer(error instanceof SpecError ? { findings: error.findings } : { crash: { message: (error as Error).message ?? String(error), stack: (error as Error).stack } });
  port.on("message", (message: { document: OpenApiDocument } | { model: ApiModel }) => {
    if (answered) return;
    if ("document" in message) {
      try {
        typesFile = emitDocumentCode(message.document);
      } catch (error) {
        replyFailure(error);
      }
      return;
    }
    if (!typesFile) return replyFailure(new Error("the model arrived before the document"));
    try {
      answer({ files: [typesFile, ...emitModelCode(message.model)] });
    } catch (error) {
      replyFailure(error);
    }
  });
}
