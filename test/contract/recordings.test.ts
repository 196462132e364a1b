import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scanForPersonalData } from "../../generator/runtime/privacy.ts";
import { loadRecordings, RECORDINGS_DIR, type LoadedRecording } from "../../generator/src/contract/recording.ts";
import type { Bundle } from "../../generator/src/load/bundle.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { isRecord } from "../../generator/src/load/pointer.ts";
import { operations, type OperationEntry } from "../../generator/src/load/traverse.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { buildExampleRecordings, EXAMPLE_RECORDING, runMakeExampleRecordings, writeRecordings } from "../../scripts/make-example-recordings.ts";

let bundle: Bundle;
let byId: Map<string, OperationEntry>;
let recordings: LoadedRecording[];

beforeAll(async () => {
  bundle = await loadSpec("spec");
  byId = new Map([...operations(bundle.document)].map((entry) => [String(entry.operation.operationId), entry]));
  recordings = loadRecordings(RECORDINGS_DIR);
});

/** `/leads/{uuid}` → a pattern matching `/leads/<one segment>` and nothing longer. */
function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

describe("spec/recordings", () => {
  it("load, each naming an operation of the spec with its method and path", () => {
    expect(recordings.length).toBeGreaterThan(byId.size);
    const mismatches = recordings.flatMap(({ file, recording }) => {
      const entry = byId.get(recording.operationId);
      if (!entry) return [`${file}: no operation ${recording.operationId}`];
      const problems: string[] = [];
      if (recording.request.method !== entry.method.toUpperCase()) problems.push(`${file}: ${recording.request.method}, the operation is ${entry.method.toUpperCase()}`);
      if (!templatePattern(entry.path).test(recording.request.path)) problems.push(`${file}: ${recording.request.path} does not match ${entry.path}`);
      if (/[{}]/.test(recording.request.path)) problems.push(`${file}: path parameters left unfilled`);
      return problems;
    });
    expect(mismatches).toEqual([]);
  });

  it("hold no personal data and no secrets", () => {
    const findings = recordings.flatMap(({ file, recording }) => scanForPersonalData(recording).map((f) => `${file} ${f.pointer}: ${f.kind} ${f.excerpt}`));
    expect(findings).toEqual([]);
  });

  it("cover every operation with a 2xx exchange", () => {
    const covered = new Set(recordings.filter(({ recording }) => recording.response.status >= 200 && recording.response.status < 300).map(({ recording }) => recording.operationId));
    const missing = [...byId.keys()].filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
    expect(covered.size).toBe(byId.size);
  });

  it("include the common errors in the error envelope, 429 with retry-after", () => {
    const byStatus = (status: number) => recordings.filter(({ recording }) => recording.response.status === status).map(({ recording }) => recording);
    for (const status of [401, 404, 422, 429]) {
      const [recording] = byStatus(status);
      expect(recording, `a ${status} recording`).toBeDefined();
      expect(recording?.response.body).toMatchObject({ error: { reason: expect.any(String), message: expect.any(String) }, message: expect.any(String), code: status });
    }
    expect(byStatus(404).some((r) => r.operationId === "getContact")).toBe(true);
    expect(byStatus(422).some((r) => r.operationId === "createList" && isRecord(r.request.body) && !("name" in r.request.body))).toBe(true);
    expect(Number(byStatus(429)[0]?.response.headers?.["retry-after"])).toBeGreaterThan(0);
  });

  it("page realistically: several lists with more matches than one page holds", () => {
    const multiItemPages = recordings.filter(({ recording }) => {
      const body = recording.response.body;
      return isRecord(body) && Array.isArray(body.data) && body.data.length >= 2 && typeof body.total === "number" && body.total > body.data.length && body.has_more === true;
    });
    expect(new Set(multiItemPages.map(({ recording }) => recording.operationId)).size).toBeGreaterThanOrEqual(3);
  });

  it("replay whole lists page by page where every page is recorded", () => {
    const pagesByOperation = new Map<string, Map<number, Record<string, unknown>>>();
    for (const { name, recording } of recordings) {
      const body = recording.response.body;
      if (!name.startsWith("paged-offset-") || !isRecord(body)) continue;
      const pages = pagesByOperation.get(recording.operationId) ?? new Map<number, Record<string, unknown>>();
      pages.set(Number(body.offset), body);
      pagesByOperation.set(recording.operationId, pages);
    }
    const complete = [...pagesByOperation].filter(([, pages]) => pages.size > 1);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    for (const [operationId, pages] of complete) {
      const seen: unknown[] = [];
      let offset = 0;
      for (let guard = 0; guard < 20; guard++) {
        const page = pages.get(offset);
        expect(page, `${operationId} has a page at offset ${offset}`).toBeDefined();
        const data = Array.isArray(page?.data) ? page.data : [];
        seen.push(...data.map((item) => (isRecord(item) ? item.uuid : undefined)));
        offset += data.length;
        if (offset >= Number(page?.total)) break;
      }
      expect(seen.length, operationId).toBe(Number(pages.get(0)?.total));
      expect(new Set(seen).size, `${operationId}: no record twice`).toBe(seen.length);
    }
  });
});

describe("make-example-recordings", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "grinfi-recordings-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds one documented example per operation", () => {
    const built = buildExampleRecordings(bundle.document, buildModel(bundle)).filter(({ name }) => name === EXAMPLE_RECORDING);
    expect(built.map(({ recording }) => recording.operationId).sort()).toEqual([...byId.keys()].sort());
    expect(built.every(({ recording }) => recording.source === "documented-example" && recording.note.includes(recording.operationId))).toBe(true);
  });

  it("records a multipart upload as its form and the CSV download as text/csv", () => {
    const built = buildExampleRecordings(bundle.document, buildModel(bundle)).filter(({ name }) => name === EXAMPLE_RECORDING);
    const of = (operationId: string) => built.find(({ recording }) => recording.operationId === operationId)?.recording;
    const upload = of("uploadCsvFile");
    expect(upload?.request.body).toBeUndefined();
    expect(upload?.request.form).toEqual([
      { name: "file", filename: "example-file.csv", contentType: "text/csv", content: expect.stringMatching(/^first_name,last_name,work_email\n/) },
      { name: "type", value: "csv_leads" },
    ]);
    // A JSON part keeps its value as JSON.
    expect(of("uploadAttachment")?.request.form?.[1]).toEqual({ name: "payload", value: { name: "pricing-2026.txt", size: "43", type: "text/plain" } });
    const download = of("downloadCsvExport")?.response;
    expect(download?.headers).toEqual({ "content-type": "text/csv" });
    expect(typeof download?.body === "string" && download.body.startsWith("first_name,last_name,work_email\n")).toBe(true);
  });

  it("keeps existing files unless forced", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const built = buildExampleRecordings(bundle.document, buildModel(bundle));
      expect(writeRecordings(built, dir, false).written).toHaveLength(built.length);
      const file = join(dir, "getContact", `${EXAMPLE_RECORDING}.json`);
      const original = readFileSync(file, "utf8");
      writeFileSync(file, original.replace("Dana", "Dana (edited by hand)"));
      const edited = readFileSync(file, "utf8");
      expect(edited).not.toBe(original);

      const again = writeRecordings(built, dir, false);
      expect(again.written).toEqual([]);
      expect(again.kept).toHaveLength(built.length);
      expect(readFileSync(file, "utf8")).toBe(edited);

      expect(await runMakeExampleRecordings(["--out", dir, "--force"])).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(original);
    } finally {
      log.mockRestore();
    }
  });

  it("refuses an unknown argument", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await runMakeExampleRecordings(["--overwrite"])).toBe(2);
    } finally {
      error.mockRestore();
    }
  });
});
