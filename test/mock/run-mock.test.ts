import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runMock } from "../../generator/src/mock/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { FIXTURE_RECORDINGS, SPEC_DIR, call } from "./helpers.ts";

/** `grinfi-codegen mock` as a process: prints where it listens, answers, and stops cleanly on a signal. */
const COMMAND_MODULE = pathToFileURL(join(repoRoot, "generator", "src", "mock", "command.ts")).href;

interface Child {
  output: () => string;
  /** Resolves with the first match of `pattern` in the output so far or to come; rejects if the process exits first. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  signal: (name: NodeJS.Signals) => void;
}

function startMockProcess(port: number): Child {
  const script = `import { runMock } from ${JSON.stringify(COMMAND_MODULE)};
process.exitCode = await runMock({ specDir: ${JSON.stringify(SPEC_DIR)}, recordingsDir: ${JSON.stringify(FIXTURE_RECORDINGS)}, port: ${port} });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const watchers = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString("utf8");
    for (const check of watchers) check();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Event-driven, with no clock of its own: however long a loaded machine takes to start tsx, the test's own
  // timeout is the only bound.
  const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = output.match(pattern);
        if (!match) return;
        watchers.delete(check);
        resolve(match);
      };
      watchers.add(check);
      check();
      void exited.then((code) => {
        if (!watchers.delete(check)) return;
        reject(new Error(`the mock exited (${code}) without printing ${pattern}:\n${output}`));
      });
    });
  return { output: () => output, waitFor, exited, signal: (name) => child.kill(name) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runMock", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("serves on 127.0.0.1, logs requests without the key, and exits 0 on %s", async (signal) => {
    const child = startMockProcess(0);
    try {
      const [, url] = await child.waitFor(/Grinfi mock API on (http:\/\/127\.0\.0\.1:\d+) — use any bearer token/);
      const reply = await call(url as string, "GET", "/leads/api/tags", { token: "process-secret-key" });
      expect(reply.status).toBe(200);
      await child.waitFor(/GET \/leads\/api\/tags → 200 \(listTags, spec example\)/);
      child.signal(signal);
      expect(await child.exited).toBe(0);
      expect(child.output()).toContain("mock stopped");
      expect(child.output()).toMatch(/\d+ operations: 2 answer from recordings, \d+ from the spec's examples/);
      expect(child.output()).not.toContain("process-secret-key");
    } finally {
      child.signal("SIGKILL");
    }
    // Starting tsx and loading the spec takes seconds on a busy two-core machine: the bound is generous.
  }, 120_000);

  it("returns 2 and says so when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const port = (blocker.address() as AddressInfo).port;
      expect(await runMock({ specDir: SPEC_DIR, recordingsDir: FIXTURE_RECORDINGS, port })).toBe(2);
      expect(stderr.mock.calls.map(([text]) => String(text)).join("")).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
