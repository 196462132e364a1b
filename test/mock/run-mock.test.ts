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
  exited: Promise<number | null>;
  signal: (name: NodeJS.Signals) => void;
}

function startMockProcess(port: number): Child {
  const script = `import { runMock } from ${JSON.stringify(COMMAND_MODULE)};
process.exitCode = await runMock({ specDir: ${JSON.stringify(SPEC_DIR)}, recordingsDir: ${JSON.stringify(FIXTURE_RECORDINGS)}, port: ${port} });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { output: () => output, exited, signal: (name) => child.kill(name) };
}

/** Polls the child's output (bounded) until `pattern` shows up. */
async function waitForOutput(child: Child, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const match = child.output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in the output:\n${child.output()}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runMock", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("serves on 127.0.0.1, logs requests without the key, and exits 0 on %s", async (signal) => {
    const child = startMockProcess(0);
    try {
      const [, url] = await waitForOutput(child, /Grinfi mock API on (http:\/\/127\.0\.0\.1:\d+) — use any bearer token/);
      const reply = await call(url as string, "GET", "/leads/api/tags", { token: "process-secret-key" });
      expect(reply.status).toBe(200);
      await waitForOutput(child, /GET \/leads\/api\/tags → 200 \(listTags, spec example\)/);
      child.signal(signal);
      expect(await child.exited).toBe(0);
      expect(child.output()).toContain("mock stopped");
      expect(child.output()).toMatch(/\d+ operations: 2 answer from recordings, \d+ from the spec's examples/);
      expect(child.output()).not.toContain("process-secret-key");
    } finally {
      child.signal("SIGKILL");
    }
  }, 15_000);

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
