import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { scanForPersonalData } from "../../generator/runtime/privacy.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { accessOf, orderByNeeds, planOperations, READ_ONLY_OPERATIONS, type PlannedOperation } from "../../generator/src/contract/record-plan.ts";
import { ResumableIdMap } from "../../generator/src/contract/record-ids.ts";
import { sandboxStepsToSend } from "../../generator/src/contract/record-sandbox.ts";
import { EXIT_INTERRUPTED, MISSING_KEY_MESSAGE, runRecord, type RecordOptions } from "../../generator/src/contract/record.ts";
import { loadRecordings, type Recording } from "../../generator/src/contract/recording.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { loadMockApi, startMockServer, type MockApi, type MockServer } from "../../generator/src/mock/server.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

const SPEC_DIR = join(repoRoot, "spec");
// Made up for this file, like every value below: an address on a domain outside the example allow-list, a JWT
// whose payload says "test-only", ids nobody has.
const API_KEY = "gk_live_5e4d3c2b1a0f9e8d7c6b5a49";
const FOREIGN_EMAIL = "dana.whitfield@northwind.localhost";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LW9ubHkifQ.c2lnbmF0dXJlLWZvci10ZXN0cw";
const PLANTED_CONTACT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const SANDBOX_LIST = "5f2b8c1d-9e3a-4b7c-8d6e-1a2b3c4d5e6f";
const SANDBOX_STEP_IDS = ["upsertContact", "updateContact", "setCustomFieldValue", "createNote", "updateNote", "deleteNote", "deleteContact"];

let planned: PlannedOperation[];
let reads: PlannedOperation[];
let mockApi: MockApi;
let workDir: string;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  const bundle = await loadSpec(SPEC_DIR);
  planned = planOperations(bundle.document, buildModel(bundle));
  reads = orderByNeeds(planned.filter((p) => p.access === "read"));
  // The mock replays this searchContacts answer: personal data the recorder must never write.
  const planted = mkdtempSync(join(tmpdir(), "grinfi-record-planted-"));
  const contact = { uuid: PLANTED_CONTACT, team_id: 4821, list_uuid: "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", name: "Dana Whitfield", work_email: FOREIGN_EMAIL, about: `session ${JWT}` };
  const recording: Recording = {
    operationId: "searchContacts",
    source: "documented-example",
    note: "Test input holding data the recorder must redact.",
    request: { method: "POST", path: "/leads/api/leads/search" },
    response: { status: 200, headers: { "content-type": "application/json" }, body: { data: [contact], limit: 20, offset: 0, total: 1, has_more: false } },
  };
  mkdirSync(join(planted, "searchContacts"));
  writeFileSync(join(planted, "searchContacts", "planted.json"), JSON.stringify(recording));
  mockApi = await loadMockApi({ specDir: SPEC_DIR, recordingsDir: planted });
  rmSync(planted, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function newWorkDir(): { recordingsDir: string; idCacheDir: string } {
  workDir = mkdtempSync(join(tmpdir(), "grinfi-record-"));
  return { recordingsDir: join(workDir, "recordings"), idCacheDir: join(workDir, "cache") };
}

function output(isTTY = false): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  Object.assign(stream, { isTTY });
  return { stream, text: () => text };
}

async function mock(onRequest?: (server: MockServer) => void): Promise<MockServer> {
  const holder: { server?: MockServer } = {};
  const server = await startMockServer({ api: mockApi, onRequest: () => holder.server && onRequest?.(holder.server) });
  holder.server = server;
  servers.push(server);
  return server;
}

interface StubRequest {
  method: string;
  path: string;
  body: unknown;
}
type StubAnswer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A tiny API on 127.0.0.1 that answers with `route` and logs what it got. */
async function stub(route: (request: StubRequest, count: number) => StubAnswer): Promise<{ url: string; requests: StubRequest[] }> {
  const requests: StubRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const entry = { method: request.method ?? "GET", path: new URL(request.url ?? "/", "http://127.0.0.1").pathname, body: text ? JSON.parse(text) : undefined };
      requests.push(entry);
      const answer = route(entry, requests.length);
      const body = answer.body === undefined ? "" : JSON.stringify(answer.body);
      response.writeHead(answer.status, { ...(body && { "content-type": "application/json" }), ...answer.headers });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function record(options: Partial<RecordOptions> & { baseUrl: string }, paths: { recordingsDir: string; idCacheDir: string }, out = output()) {
  return runRecord({ specDir: SPEC_DIR, env: { GRINFI_API_KEY: API_KEY }, out: out.stream, ...paths, ...options });
}

/** Every file under a folder, as text. */
function filesIn(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), "utf8"));
  }
  return files;
}

function recordingOf(recordingsDir: string, operationId: string): Recording {
  const dir = join(recordingsDir, operationId);
  const [file] = readdirSync(dir).filter((name) => /^recorded-\d{4}-\d\d-\d\d\.json$/.test(name));
  if (!file) throw new Error(`no recording of ${operationId}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as Recording;
}

describe("what the recorder may send", () => {
  it("allow-lists only non-GET operations of the spec, each of which reads", () => {
    const byId = new Map(planned.map((p) => [p.operationId, p]));
    for (const id of READ_ONLY_OPERATIONS.keys()) {
      expect(byId.get(id)?.method, id).toMatch(/^(POST|PUT)$/);
    }
    expect(accessOf("PUT", "getDataSourceMetrics")).toBe("read");
    expect(accessOf("POST", "testWebhook")).toBe("write");
    expect(accessOf("POST", "generateLinkedinBrowserLoginLink")).toBe("write");
    expect(accessOf("GET", "anythingAtAll")).toBe("read");
  });

  it("can build a request from the spec's examples for every read-only operation", () => {
    expect(reads.filter((p) => p.problem).map((p) => `${p.operationId}: ${p.problem}`)).toEqual([]);
    // Lists come before the operations that take ids from them.
    const position = (id: string) => reads.findIndex((p) => p.operationId === id);
    expect(position("searchContacts")).toBeLessThan(position("getContact"));
    expect(position("listSenderProfiles")).toBeLessThan(position("getTaskSchedule"));
  });

  it("saves an id map that restores the same replacements without holding any original", () => {
    const ids = new ResumableIdMap();
    const before = { contact: ids.map(PLANTED_CONTACT), team: ids.map("48213377"), email: ids.email(FOREIGN_EMAIL), phone: ids.phone("+44 20 7946 0958") };
    const saved = JSON.stringify(ids);
    for (const original of [PLANTED_CONTACT, "48213377", FOREIGN_EMAIL, "442079460958"]) expect(saved).not.toContain(original);
    const restored = ResumableIdMap.restore(JSON.parse(saved));
    // The same originals (in IdMap's normal form) get the same replacements ...
    expect({
      contact: restored?.map(PLANTED_CONTACT.toUpperCase()),
      team: restored?.map("48213377"),
      email: restored?.email(FOREIGN_EMAIL.toUpperCase()),
      phone: restored?.phone("+44 (20) 7946-0958"),
    }).toEqual(before);
    // ... and a new one continues the numbering instead of reusing a replacement.
    const next = "c0ffee00-1234-4abc-8def-0123456789ab";
    expect(restored?.map(next)).toBe(ids.map(next));
    const tampered = JSON.parse(saved) as { entries: string[][] };
    (tampered.entries[0] as string[])[3] = "something else";
    expect(ResumableIdMap.restore(tampered)).toBeUndefined();
  });

  it("sends a sandbox step's prerequisites and the cleanup of whatever it creates", () => {
    expect(sandboxStepsToSend(new Set(["updateNote"])).map((s) => s.operationId)).toEqual(["upsertContact", "createNote", "updateNote", "deleteNote", "deleteContact"]);
  });
});

describe("refusals before any request", () => {
  it("without a key: exit 2, one line saying how to set it, nothing sent or written", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 200, body: {} }));
    const out = output();
    expect(await record({ baseUrl: api.url, env: {} }, paths, out)).toBe(2);
    expect(out.text()).toBe(`${MISSING_KEY_MESSAGE}\n`);
    expect(out.text()).toContain("export GRINFI_API_KEY=");
    expect(api.requests).toEqual([]);
    expect(existsSync(paths.recordingsDir)).toBe(false);
  });

  it("refuses --allow-writes without --sandbox-list, and plain http to another machine", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 200, body: {} }));
    const out = output();
    expect(await record({ baseUrl: api.url, allowWrites: true }, paths, out)).toBe(2);
    expect(out.text()).toMatch(/--allow-writes needs --sandbox-list/);
    expect(await record({ baseUrl: "http://api.example.com" }, paths, out)).toBe(2);
    expect(out.text()).toMatch(/must use https/);
    expect(api.requests).toEqual([]);
    expect(out.text()).not.toContain(API_KEY);
  });
});

describe("a read-only run against the mock API", () => {
  it("records every read-only operation, sends no write, and writes redacted files labelled recorded", async () => {
    const paths = newWorkDir();
    const server = await mock();
    const out = output();
    expect(await record({ baseUrl: server.url }, paths, out)).toBe(0);

    // Server-side: one request per read-only operation, and not one write.
    const sent = server.requests.map((r) => r.operationId ?? `unrouted ${r.method} ${r.path}`);
    expect(sent.filter((id) => planned.find((p) => p.operationId === id)?.access !== "read")).toEqual([]);
    expect(new Set(sent)).toEqual(new Set(reads.map((p) => p.operationId)));
    expect(server.requests.every((r) => r.status === 200)).toBe(true);

    const loaded = loadRecordings(paths.recordingsDir);
    expect(loaded.map((l) => l.recording.operationId).sort()).toEqual(reads.map((p) => p.operationId).sort());
    for (const { file, recording } of loaded) {
      expect(recording.source, file).toBe("recorded");
      expect(recording.recordedAt).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(scanForPersonalData(recording), file).toEqual([]);
    }
    // Neither the recordings nor the id map kept for a resumption hold the key or an original.
    expect(filesIn(paths.idCacheDir).size).toBe(1);
    const written = [...filesIn(paths.recordingsDir).values(), ...filesIn(paths.idCacheDir).values()].join("\n");
    for (const original of [API_KEY, FOREIGN_EMAIL, JWT, PLANTED_CONTACT]) expect(written).not.toContain(original);
    expect(out.text()).not.toContain(API_KEY);

    // One id map for the whole run: getContact asked for the contact searchContacts listed, under one synthetic id.
    const listed = recordingOf(paths.recordingsDir, "searchContacts").response.body as { data: { uuid: string; work_email: string }[] };
    expect(recordingOf(paths.recordingsDir, "getContact").request.path).toBe(`/leads/api/leads/${listed.data[0]?.uuid}`);
    expect(listed.data[0]?.work_email).toMatch(/@example\.com$/);

    // Plain progress lines when not on a terminal: name, n/total, ETA.
    expect(out.text().split("\n").filter((line) => /^\[\s*\d+\/\d+\] \w+: recorded 200 → .* \(ETA [^)]+\)$/.test(line))).toHaveLength(reads.length);
  });

  it("resumes an interrupted run without losing or redoing finished recordings", async () => {
    const paths = newWorkDir();
    const abort = new AbortController();
    const stopAt = reads.findIndex((p) => p.operationId === "getContact") + 1;
    const only = reads.slice(0, stopAt + 3).map((p) => p.operationId);
    const first = await mock((server) => {
      if (server.requests.length === stopAt) abort.abort();
    });
    const firstOut = output();
    expect(await record({ baseUrl: first.url, only, signal: abort.signal }, paths, firstOut)).toBe(EXIT_INTERRUPTED);
    expect(firstOut.text()).toMatch(/interrupted: the \d+ recording\(s\) written so far are kept/);
    const finished = first.requests.slice(0, stopAt - 1).map((r) => r.operationId ?? "");
    expect(first.requests[stopAt - 1]?.operationId).toBe("getContact");
    const before = filesIn(paths.recordingsDir);
    expect([...before.keys()].map((file) => file.split("/").at(-2)).sort()).toEqual([...finished].sort());

    const second = await mock();
    const secondOut = output();
    expect(await record({ baseUrl: second.url, only }, paths, secondOut)).toBe(0);
    for (const id of finished) expect(secondOut.text()).toMatch(new RegExp(`\\] ${id}: skipped: recorded today`));
    // Finished files untouched; the rest recorded; finished operations asked again only to supply ids.
    const after = filesIn(paths.recordingsDir);
    for (const [file, text] of before) expect(after.get(file)).toBe(text);
    expect(after.size).toBe(only.length);
    const askedAgain = second.requests.map((r) => r.operationId).filter((id) => id !== undefined && finished.includes(id));
    expect(askedAgain.every((id) => planned.find((p) => p.operationId === id)?.provides)).toBe(true);
    // The id map was kept for the resumption: the contact keeps the synthetic id it got before the interruption.
    const listed = recordingOf(paths.recordingsDir, "searchContacts").response.body as { data: { uuid: string }[] };
    expect(recordingOf(paths.recordingsDir, "getContact").request.path).toBe(`/leads/api/leads/${listed.data[0]?.uuid}`);
  });
});

describe("against a stub API", () => {
  it("waits out a 429 for as long as Retry-After says, then records the answer", async () => {
    const paths = newWorkDir();
    const api = await stub((_request, count) =>
      count === 1 ? { status: 429, headers: { "retry-after": "7" }, body: { message: "Too Many Attempts." } } : { status: 200, body: { id: 7, uuid: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", email: "owner@example.com" } },
    );
    const waits: number[] = [];
    const out = output();
    const code = await record({ baseUrl: api.url, only: ["getCurrentUser"], sleep: async (ms) => void waits.push(ms) }, paths, out);
    expect(code).toBe(0);
    expect(waits).toEqual([7000]);
    expect(api.requests).toHaveLength(2);
    expect(out.text()).toMatch(/rate limited \(429\).*waiting 7s/);
    expect(recordingOf(paths.recordingsDir, "getCurrentUser").response.status).toBe(200);
  });

  it("stops at the first 401: every further request would be refused too", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 401, body: { message: "Unauthenticated." } }));
    const out = output();
    expect(await record({ baseUrl: api.url }, paths, out)).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(out.text()).toMatch(/the API refused the key \(401\): check GRINFI_API_KEY/);
    expect(filesIn(paths.recordingsDir).size).toBe(0);
  });

  it("skips, saying why, an operation whose ids no list answer supplies", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 200, body: { data: [], limit: 3, offset: 0, total: 0 } }));
    const out = output();
    expect(await record({ baseUrl: api.url, only: ["getContact"] }, paths, out)).toBe(0);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /leads/api/leads/search"]);
    expect(out.text()).toMatch(/\[1\/1\] getContact: skipped: no Contact to take \{uuid\} from \(searchContacts listed none\)/);
    expect(filesIn(paths.recordingsDir).size).toBe(0);
  });

  it("refuses to write an answer that echoes the API key, and never prints it", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 200, body: { id: 7, uuid: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", email: "owner@example.com", description: `called with ${API_KEY}` } }));
    const out = output();
    expect(await record({ baseUrl: api.url, only: ["getCurrentUser"] }, paths, out)).toBe(1);
    expect(out.text()).toMatch(/getCurrentUser: NOT written: the exchange contains the API key/);
    expect(out.text()).not.toContain(API_KEY);
    expect(filesIn(paths.recordingsDir).size).toBe(0);
  });

  it("shows one updating progress line on a terminal", async () => {
    const paths = newWorkDir();
    const api = await stub(() => ({ status: 200, body: { id: 7, uuid: "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", email: "owner@example.com" } }));
    const out = output(true);
    expect(await record({ baseUrl: api.url, only: ["getCurrentUser"] }, paths, out)).toBe(0);
    expect(out.text()).toContain("\r\x1b[2K[1/1] getCurrentUser · ETA …");
    expect(out.text()).not.toMatch(/getCurrentUser: recorded/);
  });

  describe("with --allow-writes --sandbox-list", () => {
    const createdContact = "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f60";
    const createdNote = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a71";
    const customField = "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b82";

    /** Enough of Grinfi for the sandbox sequence: the created contact echoes the identity it was sent. */
    function sandboxApi({ method, path, body }: StubRequest): StubAnswer {
      const sent = (body ?? {}) as { lead?: { email?: string; linkedin_id?: string }; list_uuid?: string };
      if (method === "GET" && path === `/leads/api/lists/${SANDBOX_LIST}`) return { status: 200, body: { uuid: SANDBOX_LIST, name: "Recorder sandbox" } };
      if (method === "GET" && path === "/leads/api/custom-fields") return { status: 200, body: { data: [{ uuid: customField, name: "segment", object: "lead" }], limit: 3, offset: 0, total: 1 } };
      if (method === "POST" && path === "/leads/api/leads/upsert") {
        return { status: 200, body: { uuid: createdContact, team_id: 4821, list_uuid: sent.list_uuid, work_email: sent.lead?.email, linkedin: sent.lead?.linkedin_id } };
      }
      if (method === "PUT" && path === `/leads/api/leads/${createdContact}`) return { status: 200, body: { uuid: createdContact, team_id: 4821, list_uuid: SANDBOX_LIST } };
      if (method === "POST" && path === "/leads/api/custom-field-values") return { status: 201, body: { uuid: "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c93", value: "Enterprise SaaS" } };
      if (method === "POST" && path === "/leads/api/notes") return { status: 201, body: { uuid: createdNote, object: "lead", object_uuid: createdContact, note: "n" } };
      if (method === "PUT" && path === `/leads/api/notes/${createdNote}`) return { status: 200, body: { uuid: createdNote, note: "m" } };
      if (method === "DELETE" && (path === `/leads/api/notes/${createdNote}` || path === `/leads/api/leads/${createdContact}`)) return { status: 204 };
      return { status: 404, body: { message: "Record not found." } };
    }

    it("writes only to the contact it creates in the sandbox list, and deletes it again", async () => {
      const paths = newWorkDir();
      const api = await stub(sandboxApi);
      const out = output();
      expect(await record({ baseUrl: api.url, allowWrites: true, sandboxList: SANDBOX_LIST, only: SANDBOX_STEP_IDS }, paths, out)).toBe(0);
      expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /leads/api/lists/${SANDBOX_LIST}`,
        "POST /leads/api/leads/upsert",
        `PUT /leads/api/leads/${createdContact}`,
        "GET /leads/api/custom-fields",
        "POST /leads/api/custom-field-values",
        "POST /leads/api/notes",
        `PUT /leads/api/notes/${createdNote}`,
        `DELETE /leads/api/notes/${createdNote}`,
        `DELETE /leads/api/leads/${createdContact}`,
      ]);
      const upsert = api.requests[1]?.body as { list_uuid: string; update_if_exists: boolean; lead: { email: string } };
      expect([upsert.list_uuid, upsert.update_if_exists]).toEqual([SANDBOX_LIST, false]);
      expect(upsert.lead.email).toMatch(/^grinfi-codegen-[0-9a-f]+@example\.com$/);
      for (const write of api.requests.filter((r) => r.method === "POST" && r.path !== "/leads/api/leads/upsert")) {
        expect((write.body as { object_uuid?: string }).object_uuid).toBe(createdContact);
      }
      const loaded = loadRecordings(paths.recordingsDir);
      expect(loaded.map((l) => l.recording.operationId).sort()).toEqual([...SANDBOX_STEP_IDS].sort());
      for (const { recording } of loaded) {
        expect(recording.source).toBe("recorded");
        expect(scanForPersonalData(recording)).toEqual([]);
      }
      expect([...filesIn(paths.recordingsDir).values()].join("\n")).not.toContain(SANDBOX_LIST);
      expect(out.text()).not.toMatch(/left in the sandbox list/);
    });

    it("sends no write when the sandbox list does not exist", async () => {
      const paths = newWorkDir();
      const api = await stub(() => ({ status: 404, body: { message: "Record not found." } }));
      const out = output();
      expect(await record({ baseUrl: api.url, allowWrites: true, sandboxList: SANDBOX_LIST }, paths, out)).toBe(2);
      expect(out.text()).toMatch(/the sandbox list .* was not found/);
      expect(out.text()).toMatch(/not sent, would send a real message to a real person: .*sendEmail/);
      expect(out.text()).toMatch(/not sent, cannot be confined to records this run creates in the sandbox list: .*deleteList/);
      expect(api.requests.map((r) => r.method)).toEqual(["GET"]);
      expect(filesIn(paths.recordingsDir).size).toBe(0);
    });
  });
});
