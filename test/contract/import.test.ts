import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runImport } from "../../generator/src/contract/import.ts";
import { Grinfi } from "../../generated/src/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * The loop a team runs: an SDK client captures live answers (here a local server's deliberately drifting ones),
 * `grinfi-codegen contract --import` takes them in and checks the real spec against them.
 */

const CONTACT_UUID = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";
const specDir = join(repoRoot, "spec");

let server: Server;
let baseUrl: string;
const scratch: string[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    // Drift of both sorts: a field the spec does not declare, and a promised type the API does not keep.
    res.end(JSON.stringify({ uuid: CONTACT_UUID, team_id: "7", status: "ok", loyalty_tier: 3 }));
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  await closeServer(server);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-import-"));
  scratch.push(dir);
  return dir;
}

/** The repository's recordings, copied: the import files into the copy. */
function recordingsCopy(): string {
  const dir = join(tempDir(), "recordings");
  cpSync(join(specDir, "recordings"), dir, { recursive: true });
  return dir;
}

async function runImportCapturingOutput(importDir: string, recordingsDir: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await runImport({ specDir, recordingsDir, importDir, format: "table", strict: true });
  vi.restoreAllMocks();
  return { code, out, err };
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("contract --import", () => {
  it("files captured answers, de-duplicated, and fails on those that contradict the spec, sorted by what to fix", async () => {
    const captures = tempDir();
    const grinfi = new Grinfi({ apiKey: "import-test-key", baseUrl, rateLimit: false, capture: { dir: captures, operations: ["getContact"] } });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    expect(readdirSync(join(captures, "getContact"))).toHaveLength(2);

    const recordings = recordingsCopy();
    const before = listing(recordings);
    const first = await runImportCapturingOutput(captures, recordings);
    // The two captures are the same exchange: one recording.
    const added = listing(recordings).filter((path) => !before.includes(path));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^getContact\/captured-[0-9a-f]{12}\.json$/);
    const filed = relative(process.cwd(), join(recordings, added[0]!));
    expect(first.err).toContain(`filed 1 recording(s), skipped 1 already recorded`);
    expect(JSON.parse(readFileSync(join(recordings, added[0]!), "utf8"))).toMatchObject({ source: "captured", operationId: "getContact" });

    expect(first.code).toBe(1);
    const captured = first.out.slice(first.out.indexOf("Captured answers"));
    const wrong = captured.slice(captured.indexOf("the spec is wrong"), captured.indexOf("the spec is incomplete"));
    const incomplete = captured.slice(captured.indexOf("the spec is incomplete"));
    expect(wrong).toContain(`${filed} at /response/body/team_id: must be integer`);
    expect(wrong).toMatch(/\[Contact[^\]]*spec\/[\w/-]+\.yaml:\d+\]/);
    expect(incomplete).toContain(`${filed} at /response/body/loyalty_tier`);
    expect(incomplete).not.toContain("team_id");

    // Taking the same folder in again files nothing new.
    const again = await runImportCapturingOutput(captures, recordings);
    expect(again.err).toContain("filed 0 recording(s), skipped 2 already recorded");
    expect(listing(recordings)).toEqual([...before, added[0]!].sort());
  });

  it("refuses a file with a real-looking email, names it and the place, and files nothing", async () => {
    const captures = tempDir();
    mkdirSync(join(captures, "getContact"));
    const clean = {
      operationId: "getContact",
      source: "captured",
      capturedAt: "2026-12-01T10:00:00.000Z",
      capturedBy: "acme-staging",
      sdk: "@grinfi/sdk 3.0.0",
      note: "Captured by @grinfi/sdk 3.0.0 from a live answer, redacted before it was written.",
      request: { method: "GET", path: `/leads/api/leads/${CONTACT_UUID}` },
      response: { status: 200, headers: { "content-type": "application/json" }, body: { uuid: CONTACT_UUID, work_email: "person-1@example.com" } },
    };
    writeFileSync(join(captures, "getContact", "captured-clean.json"), JSON.stringify(clean));
    const planted = structuredClone(clean);
    planted.response.body.work_email = "zebulon.quartermaine@gmail.com";
    writeFileSync(join(captures, "getContact", "captured-leak.json"), JSON.stringify(planted));

    const recordings = recordingsCopy();
    const before = listing(recordings);
    const { code, err, out } = await runImportCapturingOutput(captures, recordings);
    expect(code).toBe(1);
    expect(err).toContain("nothing filed; 1 file(s) refused");
    expect(err).toContain(relative(process.cwd(), join(captures, "getContact", "captured-leak.json")));
    expect(err).toContain("/response/body/work_email: email");
    expect(err).not.toContain("captured-clean.json");
    expect(err).not.toContain("zebulon.quartermaine@gmail.com");
    expect(out).toBe("");
    expect(listing(recordings)).toEqual(before);
  });

  it("takes in only captured recordings", async () => {
    const captures = tempDir();
    mkdirSync(join(captures, "getContact"));
    const example = readFileSync(join(specDir, "recordings", "getContact", "documented-example.json"), "utf8");
    writeFileSync(join(captures, "getContact", "copied.json"), example);
    const { code, err } = await runImportCapturingOutput(captures, recordingsCopy());
    expect(code).toBe(1);
    expect(err).toContain('/source: only captured recordings are imported, not "documented-example"');
  });
});
