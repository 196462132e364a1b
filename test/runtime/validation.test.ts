import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  APIError,
  ConnectionError,
  Contacts,
  Grinfi,
  GrinfiError,
  NotFoundError,
  ResponseValidationError,
  Transport,
  type DriftReport,
  type GrinfiOptions,
} from "../../generated/src/index.ts";
import type { paths } from "../../generated/src/schema.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * `validateResponses` over real HTTP: a local server answers each call with a body that drifts from the spec in a
 * known way, and the drift report must name the operation, the status, and each problem's kind and JSON pointer,
 * without the values found unless `driftValues` asks for them.
 */

const KEY = "validation-test-key-3f9a";
const CONTACT_UUID = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";
const PROFILE_UUID = "6b1d1a8e-8a57-4c1e-9a55-2f0f8c3c5d10";
/** Values planted in drifting answers: none may appear in a report without `driftValues`. */
const PLANTED = { nickname: "Zebulon Quartermaine", createdAt: "sometime last spring", status: "hibernating" };

const contact = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  uuid: CONTACT_UUID,
  team_id: 7,
  first_name: "Dana",
  status: "ok",
  email_status: "ok",
  created_at: "2026-04-01T09:30:00Z",
  ...fields,
});

let server: Server;
let baseUrl: string;
/** What the server answers next: status and body (a value, serialised as JSON). */
let answer: { status: number; body: unknown };
/** Requests the server has received. */
let received = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    received++;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  await closeServer(server);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function client(options: GrinfiOptions = {}): { grinfi: Grinfi; reports: DriftReport[] } {
  const reports: DriftReport[] = [];
  const grinfi = new Grinfi({
    apiKey: KEY,
    baseUrl,
    rateLimit: false,
    retry: { maxRetries: 0 },
    validateResponses: "report",
    onDrift: (report) => void reports.push(report),
    ...options,
  });
  return { grinfi, reports };
}

/** The one report of a getContact call answering `body` with `status`. */
async function reportFor(body: unknown, status = 200, options: GrinfiOptions = {}): Promise<DriftReport> {
  answer = { status, body };
  const { grinfi, reports } = client(options);
  await grinfi.contacts.get({ uuid: CONTACT_UUID }).catch((error: unknown) => {
    if (status < 300) throw error;
  });
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

describe("validateResponses: each kind of drift, with its pointer", () => {
  it("reports nothing for an answer the spec describes", async () => {
    answer = { status: 200, body: contact() };
    const { grinfi, reports } = client();
    expect(await grinfi.contacts.get({ uuid: CONTACT_UUID })).toMatchObject({ uuid: CONTACT_UUID });
    expect(reports).toEqual([]);
  });

  it("an undeclared field", async () => {
    const report = await reportFor(contact({ nickname: PLANTED.nickname }));
    expect(report).toMatchObject({ operationId: "getContact", method: "GET", path: "/leads/api/leads/{uuid}", status: 200 });
    expect(report.problems).toEqual([
      { kind: "undeclared-field", pointer: "/nickname", expected: "no such field in the spec", severity: "drift" },
    ]);
  });

  it("a value outside an open set, as information", async () => {
    const report = await reportFor(contact({ status: PLANTED.status }));
    expect(report.problems).toEqual([expect.objectContaining({ kind: "unknown-value", pointer: "/status", severity: "info" })]);
    expect(report.problems[0]!.expected).toContain('"ok"');
  });

  it("a value outside a closed set, as drift", async () => {
    answer = { status: 200, body: { uuid: PROFILE_UUID, status: PLANTED.status } };
    const { grinfi, reports } = client();
    await grinfi.senderProfiles.get({ uuid: PROFILE_UUID });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ operationId: "getSenderProfile", status: 200 });
    expect(reports[0]!.problems).toEqual([
      { kind: "unknown-value", pointer: "/status", expected: 'one of "enabled", "disabled"', severity: "drift" },
    ]);
  });

  it("a missing promised field", async () => {
    const { uuid: _uuid, ...withoutUuid } = contact();
    const report = await reportFor(withoutUuid);
    expect(report.problems).toEqual([
      { kind: "missing-field", pointer: "/uuid", expected: "a field the spec promises", severity: "drift" },
    ]);
  });

  it("a wrong type and a malformed date-time", async () => {
    const report = await reportFor(contact({ team_id: "7", created_at: PLANTED.createdAt }));
    expect(report.problems).toEqual([
      { kind: "wrong-type", pointer: "/created_at", expected: "string (date-time)", severity: "drift" },
      { kind: "wrong-type", pointer: "/team_id", expected: "integer", severity: "drift" },
    ]);
  });

  it("a wrong value in a nullable field of a list item, at its place in the page", async () => {
    answer = { status: 200, body: { data: [contact(), contact({ email_status: 5, unread_counts: [{ count: -1 }] })], total: 2 } };
    const { grinfi, reports } = client();
    await grinfi.contacts.search({ limit: 2 });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.operationId).toBe("searchContacts");
    expect(reports[0]!.problems.map(({ kind, pointer }) => ({ kind, pointer }))).toEqual([
      { kind: "wrong-type", pointer: "/data/1/email_status" },
      { kind: "wrong-type", pointer: "/data/1/unread_counts/0/count" },
    ]);
  });

  it("an undocumented status: a success the operation does not document, and an error status", async () => {
    const created = await reportFor(contact(), 201);
    expect(created.problems).toEqual([
      expect.objectContaining({ kind: "undocumented-status", pointer: "", severity: "drift" }),
    ]);
    expect(created.problems[0]!.expected).toContain("200");

    answer = { status: 418, body: { message: "I'm a teapot" } };
    const { grinfi, reports } = client();
    await expect(grinfi.contacts.get({ uuid: CONTACT_UUID })).rejects.toBeInstanceOf(APIError);
    expect(reports).toEqual([expect.objectContaining({ status: 418, problems: [expect.objectContaining({ kind: "undocumented-status" })] })]);
  });

  it("a documented error answer that drifts is reported, and the call fails with its own error", async () => {
    answer = { status: 404, body: { message: "Not found", surprise: true } };
    const { grinfi, reports } = client({ validateResponses: "throw" });
    await expect(grinfi.contacts.get({ uuid: CONTACT_UUID })).rejects.toBeInstanceOf(NotFoundError);
    expect(reports.map((report) => report.status)).toEqual([404]);
  });
});

describe("what a report holds and what the modes do", () => {
  it("holds no value found unless driftValues is on, and then never the key", async () => {
    const body = contact({ nickname: PLANTED.nickname, created_at: PLANTED.createdAt, status: PLANTED.status, team_id: KEY });
    const quiet = await reportFor(body);
    const text = JSON.stringify(quiet);
    for (const value of Object.values(PLANTED)) expect(text).not.toContain(value);
    expect(text).not.toContain(KEY);
    expect(quiet.problems.every((problem) => !("value" in problem))).toBe(true);

    const loud = await reportFor(body, 200, { driftValues: true });
    expect(Object.fromEntries(loud.problems.map((problem) => [problem.pointer, problem.value]))).toEqual({
      "/created_at": PLANTED.createdAt,
      "/nickname": PLANTED.nickname,
      "/status": PLANTED.status,
      "/team_id": "[redacted]",
    });
  });

  it('"throw" fails a drifting success with ResponseValidationError carrying the report', async () => {
    answer = { status: 200, body: contact({ nickname: PLANTED.nickname }) };
    const { grinfi, reports } = client({ validateResponses: "throw" });
    const error = await grinfi.contacts.get({ uuid: CONTACT_UUID }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const { report, message } = error as ResponseValidationError;
    expect(report).toEqual(reports[0]);
    expect(report.problems[0]).toMatchObject({ kind: "undeclared-field", pointer: "/nickname" });
    expect(message).toContain("getContact");
    expect(message).toContain("/nickname");
    expect(message).not.toContain(PLANTED.nickname);
  });

  it('"throw" lets an answer through whose only difference is information (a new value of an open set)', async () => {
    answer = { status: 200, body: contact({ status: PLANTED.status }) };
    const { grinfi, reports } = client({ validateResponses: "throw" });
    expect(await grinfi.contacts.get({ uuid: CONTACT_UUID })).toMatchObject({ status: PLANTED.status });
    expect(reports).toHaveLength(1);
  });

  it("off (the default) checks nothing", async () => {
    answer = { status: 200, body: contact({ nickname: PLANTED.nickname }) };
    const onDrift = vi.fn();
    const grinfi = new Grinfi({ apiKey: KEY, baseUrl, rateLimit: false, onDrift });
    expect(await grinfi.contacts.get({ uuid: CONTACT_UUID })).toMatchObject({ nickname: PLANTED.nickname });
    expect(onDrift).not.toHaveBeenCalled();
  });

  it("without onDrift, a report is one console.warn line without values", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    answer = { status: 200, body: contact({ nickname: PLANTED.nickname }) };
    const grinfi = new Grinfi({ apiKey: KEY, baseUrl, rateLimit: false, validateResponses: "report" });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]![0]);
    expect(line).toContain("getContact (200)");
    expect(line).toContain("/nickname: undeclared-field");
    expect(line).not.toContain(PLANTED.nickname);
  });

  it("an onDrift that throws fails the call with a GrinfiError naming the operation", async () => {
    answer = { status: 200, body: contact({ nickname: PLANTED.nickname }) };
    const { grinfi } = client({
      onDrift: () => {
        throw new Error("hook broke");
      },
    });
    await expect(grinfi.contacts.get({ uuid: CONTACT_UUID })).rejects.toThrow(/getContact: onDrift failed: Error: hook broke/);
  });
});

describe("validators that do not load (a broken install, a chunk missing from a deployment)", () => {
  /** A transport given a loader of a module that does not exist, as a real dynamic import fails. */
  const brokenTransport = (options: GrinfiOptions = {}): Transport<paths> =>
    new Transport<paths>(
      { apiKey: KEY, baseUrl, rateLimit: false, validateResponses: "report", ...options },
      // @ts-expect-error: the module is missing on purpose
      () => import("./no-such-validators.js"),
    );

  it("fail the first call, before it is sent, with a GrinfiError naming the module; a GET is not retried", async () => {
    answer = { status: 200, body: contact() };
    received = 0;
    const contacts = new Contacts(brokenTransport({ retry: { maxRetries: 2, initialDelayMs: 1 } }));
    const error: unknown = await contacts.get({ uuid: CONTACT_UUID }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrinfiError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(String(error)).toContain("no-such-validators");
    expect(received).toBe(0);
    // Every later call fails the same way.
    await expect(contacts.get({ uuid: CONTACT_UUID })).rejects.toThrow(/no-such-validators/);
    expect(received).toBe(0);
  });

  it("are no unhandled rejection for a client that never makes a call", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      brokenTransport({ capture: { operations: ["getContact"], write: () => {} } });
      brokenTransport();
      // Node reports an unhandled rejection once the microtasks have run: a macrotask later is enough.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});
