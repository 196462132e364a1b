import { FAULT_HEADER, FAULT_KINDS } from "./faults.ts";
import { loadMockApi, startMockServer, type RequestLogEntry } from "./server.ts";

export const DEFAULT_MOCK_PORT = 4010;

export interface RunMockOptions {
  specDir: string;
  recordingsDir: string;
  /** Default 4010; 0 picks a free port (printed). */
  port?: number;
}

function describe(entry: RequestLogEntry): string {
  const outcome = entry.status === null ? "connection reset" : String(entry.status);
  const details = [entry.operationId, entry.fault && `fault: ${entry.fault}`, entry.answeredFrom].filter(Boolean).join(", ");
  return `${entry.method} ${entry.path} → ${outcome}${details ? ` (${details})` : ""}\n`;
}

/**
 * `grinfi-codegen mock`: serves the spec's operations on 127.0.0.1 from the recordings (else the spec's examples),
 * printing one line per request, until SIGINT or SIGTERM. Resolves 0 after a clean stop, 2 when the port is taken.
 * A broken spec or recording rejects with a SpecError, as every command does.
 */
export async function runMock(options: RunMockOptions): Promise<number> {
  const port = options.port ?? DEFAULT_MOCK_PORT;
  const api = await loadMockApi(options);
  const server = await startMockServer({ api, port, onRequest: (entry) => process.stdout.write(describe(entry)) }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return undefined;
    throw error;
  });
  if (!server) {
    process.stderr.write(`port ${port} on 127.0.0.1 is already in use; stop what holds it or choose another port\n`);
    return 2;
  }
  const recorded = api.answers.recordingCounts;
  const fromExamples = api.routes.filter((route) => !recorded.has(route.operationId)).length;
  process.stdout.write(
    `Grinfi mock API on ${server.url} — use any bearer token\n` +
      `${api.routes.length} operations: ${api.routes.length - fromExamples} answer from recordings, ${fromExamples} from the spec's examples.\n` +
      `Inject faults per request with the header "${FAULT_HEADER}: kind[;status=NNN][;ms=NNN]" (kinds: ${FAULT_KINDS.join(", ")}).\n` +
      `Stop with Ctrl+C.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  process.stdout.write("mock stopped\n");
  return 0;
}
