import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkContract, runContract, type ContractFormat, type ContractIssue, type ContractResult } from "../../generator/src/contract/check.ts";
import { loadRecordings, type Recording } from "../../generator/src/contract/recording.ts";
import { contractJsonReport, describeIssue, formatContractTable } from "../../generator/src/contract/report.ts";
import { SpecError } from "../../generator/src/errors.ts";
import type { Bundle } from "../../generator/src/load/bundle.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { operations } from "../../generator/src/load/traverse.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import type { ApiModel } from "../../generator/src/model/types.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const fixtureSpec = join(here, "fixtures", "spec");
const fixtureRecordings = join(here, "fixtures", "recordings");
const widgetsYaml = relative(process.cwd(), join(fixtureSpec, "resources", "widgets.yaml"));
const widgetsLines = readFileSync(join(fixtureSpec, "resources", "widgets.yaml"), "utf8").split("\n");

/** `widgets.yaml:<line>` of the first line equal to `text` after the line equal to `after`: where the bundler locates it. */
function source(text: string, after = "components:"): string {
  const start = widgetsLines.indexOf(after);
  return `${widgetsYaml}:${widgetsLines.indexOf(text, start) + 1}`;
}

let bundle: Bundle;
let model: ApiModel;
const scratchDirs: string[] = [];

beforeAll(async () => {
  bundle = await loadSpec(fixtureSpec);
  model = buildModel(bundle);
});
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture recordings in a scratch folder, to break one thing in. */
function scratchRecordings(): string {
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  scratchDirs.push(dir);
  cpSync(fixtureRecordings, dir, { recursive: true });
  return dir;
}

function readRecording(dir: string, operationId: string, name: string): Recording {
  return JSON.parse(readFileSync(join(dir, operationId, `${name}.json`), "utf8")) as Recording;
}

/** Writes `<dir>/<operationId>/<name>.json` and returns the name the report uses for it. */
function writeRecording(dir: string, name: string, recording: Recording): string {
  mkdirSync(join(dir, recording.operationId), { recursive: true });
  const path = join(dir, recording.operationId, `${name}.json`);
  writeFileSync(path, JSON.stringify(recording, null, 2));
  return relative(process.cwd(), path);
}

/** A recording whose body is an object, loosely typed: the tests put wrong values in on purpose. */
type RecordingOf<Body> = Recording & { response: { body: Body & Record<string, unknown> } };
type WidgetRecording = RecordingOf<{ parts: Record<string, unknown>[] }>;

/** The valid `getWidget/ok.json`, changed by `corrupt`, added next to it as `<name>.json`. */
function corruptedWidget(name: string, corrupt: (recording: WidgetRecording) => void) {
  const dir = scratchRecordings();
  const recording = readRecording(dir, "getWidget", "ok") as WidgetRecording;
  corrupt(recording);
  return { dir, file: writeRecording(dir, name, recording) };
}

function check(dir: string, strict = true): ContractResult {
  return checkContract(bundle, model, loadRecordings(dir), { strict, recordingsDir: dir });
}

describe("contract check on the fixture spec", () => {
  it("passes the valid recordings, and says which documented required fields no recording showed", () => {
    const result = check(fixtureRecordings);
    expect(result.issues).toEqual([]);
    expect(result.recordings).toBe(5);
    expect(result.operations.map(({ operationId, recordings, statuses, covered, result }) => ({ operationId, recordings, statuses, covered, result }))).toEqual([
      { operationId: "countWidgets", recordings: 1, statuses: [200], covered: true, result: "pass" },
      { operationId: "getWidget", recordings: 2, statuses: [200, 404], covered: true, result: "pass" },
      { operationId: "listWidgets", recordings: 1, statuses: [200], covered: true, result: "pass" },
      { operationId: "paintWidget", recordings: 1, statuses: [204], covered: true, result: "pass" },
    ]);
    // The recorded finish is matte, so the gloss branch of the oneOf was never exercised.
    expect(result.requiredNeverSeen).toEqual([
      { schema: "GlossFinish", pointer: "/components/schemas/GlossFinish", source: source("    GlossFinish:"), objectsSeen: 0, fields: ["kind", "sheen"] },
    ]);
  });

  it("corruption 1, a field of the wrong type: an invalid body, at the field", () => {
    const { dir, file } = corruptedWidget("wrong-type", (recording) => {
      recording.response.body.parts[0]!.quantity = "two";
    });
    const result = check(dir);
    expect(result.issues).toEqual<ContractIssue[]>([
      { kind: "invalid-body", severity: "error", operationId: "getWidget", file, pointer: "/response/body/parts/0/quantity", schema: "Widget", source: source("    Widget:"), message: "must be integer" },
    ]);
    expect(describeIssue(result.issues[0]!)).toBe(`${file} at /response/body/parts/0/quantity: must be integer`);
    // Drift never softens a broken body.
    expect(check(dir, false).issues.map((issue) => issue.severity)).toEqual(["error"]);
  });

  it("corruption 2, an extra field: undocumented, an error in strict mode and a warning otherwise", () => {
    const { dir, file } = corruptedWidget("extra-field", (recording) => {
      recording.response.body.parts[0]!.batch = "B-7";
    });
    const expected: ContractIssue = {
      kind: "undocumented-field",
      severity: "error",
      operationId: "getWidget",
      file,
      pointer: "/response/body/parts/0/batch",
      schema: "WidgetPart",
      source: source("    WidgetPart:"),
      message: 'field "batch" is not documented in WidgetPart',
    };
    expect(check(dir).issues).toEqual([expected]);
    expect(check(dir).issues.map(describeIssue)).toEqual([`${file} at /response/body/parts/0/batch: field "batch" is not documented in WidgetPart`]);
    expect(check(dir, false).issues).toEqual([{ ...expected, severity: "warning" }]);
  });

  it("corruption 3, an enum value the spec does not declare: drift, not an invalid body", () => {
    const { dir, file } = corruptedWidget("unknown-enum", (recording) => {
      recording.response.body.trim = "purple";
    });
    const expected: ContractIssue = {
      kind: "undeclared-enum-value",
      severity: "error",
      operationId: "getWidget",
      file,
      pointer: "/response/body/trim",
      schema: "WidgetColour",
      source: source("    WidgetColour:"),
      message: 'value "purple" is not declared in WidgetColour ("red", "green", "blue")',
    };
    expect(check(dir).issues).toEqual([expected]);
    expect(check(dir).issues.map(describeIssue)).toEqual([`${file} at /response/body/trim: value "purple" is not declared in WidgetColour ("red", "green", "blue")`]);
    expect(check(dir, false).issues).toEqual([{ ...expected, severity: "warning" }]);
  });

  it("a value an open set does not list yet is information, in strict mode too: the operation still passes", async () => {
    const specDir = mkdtempSync(join(tmpdir(), "contract-open-"));
    scratchDirs.push(specDir);
    cpSync(fixtureSpec, specDir, { recursive: true });
    const widgets = join(specDir, "resources", "widgets.yaml");
    const open = "      description: The colours widgets come in; more may come.\n      anyOf:\n        - type: string\n          enum: [red, green, blue]\n        - type: string\n";
    writeFileSync(widgets, readFileSync(widgets, "utf8").replace("      type: string\n      description: The colours widgets come in.\n      enum: [red, green, blue]\n", open));
    const openBundle = await loadSpec(specDir);
    const { dir, file } = corruptedWidget("new-colour", (recording) => {
      recording.response.body.trim = "purple";
      recording.response.body.colour = "green";
    });
    const result = checkContract(openBundle, buildModel(openBundle), loadRecordings(dir), { strict: true, recordingsDir: dir });
    expect(result.issues).toEqual<ContractIssue[]>([
      {
        kind: "open-set-value",
        severity: "info",
        operationId: "getWidget",
        file,
        pointer: "/response/body/trim",
        schema: "WidgetColour",
        source: expect.stringMatching(/widgets\.yaml:\d+$/) as unknown as string,
        message: 'value "purple" is not yet listed in WidgetColour, an open set ("red", "green", "blue")',
      },
    ]);
    expect(result.operations.find((operation) => operation.operationId === "getWidget")?.result).toBe("pass");
    const report = contractJsonReport(result);
    expect(report).toMatchObject({ ok: true, totals: { errors: 0, warnings: 0, information: 1 } });
    expect(formatContractTable(result)).toContain("Values an open set does not list yet (information) (1)\n  WidgetColour");
  });

  it("corruption 4, a status the operation does not document", () => {
    const { dir, file } = corruptedWidget("teapot", (recording) => {
      recording.response.status = 418;
    });
    const result = check(dir, false);
    expect(result.issues).toEqual<ContractIssue[]>([
      { kind: "undocumented-status", severity: "error", operationId: "getWidget", file, pointer: "/response/status", schema: null, source: null, message: "status 418 is not documented for getWidget (documented: 200, 404, 5XX)" },
    ]);
    expect(result.issues.map(describeIssue)).toEqual([`${file} at /response/status: status 418 is not documented for getWidget (documented: 200, 404, 5XX)`]);
  });

  it("matches statuses by range and by default", () => {
    const dir = scratchRecordings();
    const notFound = readRecording(dir, "getWidget", "not-found");
    writeRecording(dir, "unavailable", { ...notFound, response: { ...notFound.response, status: 503, body: { error: { reason: "internal", message: "Down." }, code: 503 } } });
    const painted = readRecording(dir, "paintWidget", "painted");
    writeRecording(dir, "crashed", { ...painted, response: { status: 500, body: { error: { reason: "internal", message: "Oops." }, code: 500 } } });
    expect(check(dir).issues).toEqual([]);
  });

  it("fails a recording of an operation the spec does not have", () => {
    const dir = scratchRecordings();
    const file = writeRecording(dir, "ok", { ...readRecording(dir, "getWidget", "ok"), operationId: "getGadget" });
    const result = check(dir);
    expect(result.issues).toEqual<ContractIssue[]>([
      { kind: "unknown-operation", severity: "error", operationId: "getGadget", file, pointer: "/operationId", schema: null, source: null, message: 'operationId "getGadget" is not an operation of the spec' },
    ]);
  });

  it("fails every operation without a 2xx recording, naming it, even when it has error recordings", () => {
    const dir = scratchRecordings();
    rmSync(join(dir, "getWidget", "ok.json"));
    rmSync(join(dir, "paintWidget"), { recursive: true });
    const result = check(dir);
    const where = (operationId: string) => relative(process.cwd(), join(dir, operationId));
    expect(result.issues).toEqual<ContractIssue[]>([
      { kind: "missing-2xx", severity: "error", operationId: "getWidget", file: null, pointer: null, schema: null, source: source("    get:", "  /widgets/{uuid}:"), message: `getWidget (GET /widgets/{uuid}) has no 2xx recording; add one under ${where("getWidget")}/` },
      { kind: "missing-2xx", severity: "error", operationId: "paintWidget", file: null, pointer: null, schema: null, source: source("    put:", "  /widgets/{uuid}/paint:"), message: `paintWidget (PUT /widgets/{uuid}/paint) has no 2xx recording; add one under ${where("paintWidget")}/` },
    ]);
    expect(result.operations.map((operation) => [operation.operationId, operation.covered, operation.result])).toEqual([
      ["countWidgets", true, "pass"],
      ["getWidget", false, "fail"],
      ["listWidgets", true, "pass"],
      ["paintWidget", false, "fail"],
    ]);
    expect(formatContractTable(result)).toMatch(/^paintWidget +0 +- +FAIL \(no 2xx\)$/m);
  });

  it("fails a body where none is documented and a missing body where one is", () => {
    const dir = scratchRecordings();
    const painted = readRecording(dir, "paintWidget", "painted");
    const withBody = writeRecording(dir, "with-body", { ...painted, response: { status: 204, body: { ok: true } } });
    const ok = readRecording(dir, "getWidget", "ok");
    const empty = writeRecording(dir, "empty", { ...ok, response: { status: 200 } });
    expect(check(dir).issues.map(({ kind, file, pointer, message }) => ({ kind, file, pointer, message }))).toEqual([
      { kind: "missing-body", file: empty, pointer: "/response", message: "status 200 is documented with a body (application/json), but the recording has none" },
      { kind: "unexpected-body", file: withBody, pointer: "/response/body", message: "status 204 is documented without a body, but the recording has one" },
    ]);
  });

  it("fails a request that is not the operation's method and path, and an undocumented content type", () => {
    const { dir, file } = corruptedWidget("elsewhere", (recording) => {
      recording.request = { method: "POST", path: "/widgets/3a4ac30b-1321-449c-9b37-e9fe3174e00e/extra" };
      recording.response.headers = { "content-type": "text/html" };
    });
    expect(check(dir).issues.map(({ kind, file, pointer, message }) => ({ kind, file, pointer, message }))).toEqual([
      { kind: "operation-mismatch", file, pointer: "/request/method", message: "request method POST does not match the operation: getWidget is GET /widgets/{uuid}" },
      { kind: "operation-mismatch", file, pointer: "/request/path", message: "request path /widgets/3a4ac30b-1321-449c-9b37-e9fe3174e00e/extra does not match the operation's template: getWidget is GET /widgets/{uuid}" },
      { kind: "undocumented-media-type", file, pointer: "/response/headers/content-type", message: "content-type text/html is not documented for status 200 (documented: application/json)" },
    ]);
  });

  it("reports every problem of one body with its pointer, and prints drift grouped by schema", () => {
    const { dir, file } = corruptedWidget("everything", (recording) => {
      recording.response.body.name = 42;
      recording.response.body.shape = "round";
      recording.response.body.colour = "purple";
    });
    const result = check(dir);
    expect(result.issues.map((issue) => [issue.kind, issue.pointer])).toEqual([
      ["invalid-body", "/response/body/name"],
      ["undeclared-enum-value", "/response/body/colour"],
      ["undocumented-field", "/response/body/shape"],
    ]);
    const table = formatContractTable(result);
    expect(table).toContain(`Bodies that do not match their schema (1)\n  error   ${file} at /response/body/name: must be string\n`);
    expect(table).toContain(`Undocumented fields (1)\n  Widget (${source("    Widget:")})\n    error   ${file} at /response/body/shape: field "shape" is not documented in Widget\n`);
    expect(table).toContain(`Enum values not declared (1)\n  WidgetColour (${source("    WidgetColour:")})\n    error   ${file} at /response/body/colour: value "purple" is not declared`);
    expect(table).toMatch(/^getWidget +3 +200, 404 +FAIL$/m);
    expect(table).toMatch(/^Totals: 4 operations, 4 with a 2xx recording; 6 recordings checked in \d+ ms; 3 errors, 0 warnings, 1 schema with required fields never seen\ncontract check FAILED\n$/m);
  });

  it("names an inline response schema by its operation and status, and leaves free-form objects alone", () => {
    const dir = scratchRecordings();
    const count = readRecording(dir, "countWidgets", "ok") as RecordingOf<{ breakdown: Record<string, unknown> }>;
    count.response.body.breakdown.anything = { goes: [1, 2] };
    count.response.body.average = 3.5;
    const file = writeRecording(dir, "ok", count);
    expect(check(dir).issues.map(({ kind, file, pointer, schema, message }) => ({ kind, file, pointer, schema, message }))).toEqual([
      { kind: "undocumented-field", file, pointer: "/response/body/average", schema: "countWidgets 200 response", message: 'field "average" is not documented in countWidgets 200 response' },
    ]);
  });

  it("has a stable JSON shape", () => {
    const report = contractJsonReport(check(fixtureRecordings));
    expect(Object.keys(report)).toEqual(["version", "ok", "strict", "totals", "operations", "issues", "requiredNeverSeen"]);
    expect(report).toMatchObject({ version: 1, ok: true, strict: true, totals: { operations: 4, covered: 4, recordings: 5, errors: 0, warnings: 0, requiredNeverSeen: 1 } });
    expect(Object.keys(report.operations[0]!)).toEqual(["operationId", "method", "path", "recordings", "statuses", "covered", "result"]);
  });
});

/** Runs the command with stdout captured. */
async function runCaptured(options: Parameters<typeof runContract>[0]): Promise<{ code: number; output: string }> {
  let output = "";
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    return { code: await runContract(options), output };
  } finally {
    stdout.mockRestore();
  }
}

describe("runContract", () => {
  it("exits 0 and prints JSON when the recordings keep the contract", async () => {
    const { code, output } = await runCaptured({ specDir: fixtureSpec, recordingsDir: fixtureRecordings, format: "json", strict: true });
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ ok: true, issues: [] });
  });

  it("exits 1 on drift in strict mode and 0 when drift is only a warning", async () => {
    const { dir } = corruptedWidget("extra-field", (recording) => {
      recording.response.body.shape = "round";
    });
    const strict = await runCaptured({ specDir: fixtureSpec, recordingsDir: dir, format: "table", strict: true });
    expect(strict.code).toBe(1);
    expect(strict.output).toContain("contract check FAILED");
    const lenient = await runCaptured({ specDir: fixtureSpec, recordingsDir: dir, format: "table", strict: false });
    expect(lenient.code).toBe(0);
    expect(lenient.output).toMatch(/^ {4}warning \S+extra-field\.json at \/response\/body\/shape: field "shape" is not documented in Widget$/m);
  });
});

describe("runContract on bad input", () => {
  it("throws a SpecError naming a recording that is not in the recording format", async () => {
    const dir = scratchRecordings();
    const ok = readRecording(dir, "getWidget", "ok");
    const file = writeRecording(dir, "no-note", { ...ok, note: "" });
    const failure = runContract({ specDir: fixtureSpec, recordingsDir: dir, format: "table", strict: true });
    await expect(failure).rejects.toBeInstanceOf(SpecError);
    await expect(failure).rejects.toMatchObject({ findings: [{ rule: "recording-shape", location: { file, pointer: "/note" } }] });
  });

  it("names the part of a recorded form that is neither a field nor a file", async () => {
    const dir = scratchRecordings();
    const ok = readRecording(dir, "getWidget", "ok");
    // The file part lacks its contentType.
    const form = [{ name: "type", value: "csv_leads" }, { name: "file", filename: "contacts.csv", content: "a,b\n" }];
    const file = writeRecording(dir, "bad-form", ok);
    writeFileSync(file, JSON.stringify({ ...ok, request: { ...ok.request, form } }));
    const failure = runContract({ specDir: fixtureSpec, recordingsDir: dir, format: "table", strict: true });
    await expect(failure).rejects.toMatchObject({ findings: [{ rule: "recording-shape", location: { file, pointer: "/request/form/1" } }] });
  });

  it("exits 2 on an unknown format, printing nothing to stdout", async () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await runContract({ specDir: fixtureSpec, recordingsDir: fixtureRecordings, format: "yaml" as ContractFormat, strict: true })).toBe(2);
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).toHaveBeenCalledWith('unknown format "yaml"; use one of table, json\n');
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("contract check on the real spec and spec/recordings", () => {
  it("every recording keeps the contract, strictly, and every operation has a 2xx recording", async () => {
    const realBundle = await loadSpec(join(repoRoot, "spec"));
    const recordingsDir = join(repoRoot, "spec", "recordings");
    const recordings = loadRecordings(recordingsDir);
    const covered = new Set(recordings.filter(({ recording }) => recording.response.status >= 200 && recording.response.status < 300).map(({ recording }) => recording.operationId));
    const ids = [...operations(realBundle.document)].map(({ operation }) => String(operation.operationId));
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    const result = checkContract(realBundle, buildModel(realBundle), recordings, { strict: true, recordingsDir });
    // A value outside an open set is information (the set says the API may send others), never a failure.
    expect(result.issues.filter((issue) => issue.severity !== "info").map(describeIssue)).toEqual([]);
    for (const issue of result.issues) expect(describeIssue(issue)).toMatch(/is not yet listed in \w+, an open set/);
  });
});
