import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError, ConnectionError, Grinfi, ServerError, ValidationError, isTaskStatus } from "../../generated/src/index.ts";
import { startMockServer, type FaultRule, type MockApi, type MockServer } from "../../generator/src/mock/index.ts";
import { AVERY, fixtureApi } from "./helpers.ts";

/** The generated client against the mock over real HTTP: the SDK and the spec's behaviour, end to end. */
let api: MockApi;
let mock: MockServer;

beforeAll(async () => {
  api = await fixtureApi();
  mock = await startMockServer({ api });
});
afterAll(() => mock.close());

const clientFor = (server: MockServer, apiKey = "e2e-test-key") =>
  new Grinfi({ apiKey, baseUrl: server.url, retry: { initialDelayMs: 1, maxDelayMs: 5 } });

/** A server of its own for faults that must not touch other tests; closed when `body` is done. */
async function withFaults(faults: FaultRule[], body: (server: MockServer) => Promise<void>): Promise<void> {
  const server = await startMockServer({ api, faults });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe("generated client against the mock", () => {
  it("gets a contact", async () => {
    const contact = await clientFor(mock).contacts.get({ uuid: AVERY });
    expect(contact).toMatchObject({ uuid: AVERY, first_name: "Avery" });
  });

  it("searches with a filter builder (body filter) and lists with one (query filter)", async () => {
    const grinfi = clientFor(mock);
    const page = await grinfi.contacts.search({
      filter: grinfi.contacts.filters.search().where("email_status", "=", "ok").isNotNull("work_email").where("connections_number", ">=", 500),
      limit: 10,
    });
    expect(page).toMatchObject({ limit: 10, offset: 0, total: 1 });
    expect(page.data).toHaveLength(1);

    const tasks = await grinfi.tasks.list({
      filter: grinfi.tasks.filters.list().equals("status", "closed").where("executed_at", ">=", "2026-07-01T00:00:00Z").in("type", ["linkedin_send_message", "email_send_message"]),
      limit: 1,
    });
    expect(tasks).toMatchObject({ limit: 1, total: 5, has_more: true });
    expect(mock.requests.slice(-2).map((r) => [r.operationId, r.status])).toEqual([["searchContacts", 200], ["listTasks", 200]]);
  });

  it("walks tasks.listAll across pages", async () => {
    const before = mock.requests.length;
    const uuids: string[] = [];
    for await (const task of clientFor(mock).tasks.listAll({ limit: 2 })) {
      expect(isTaskStatus(task.status)).toBe(true);
      uuids.push(task.uuid);
    }
    expect(new Set(uuids).size).toBe(5);
    expect(mock.requests.slice(before).map((r) => `${r.method} ${r.operationId} ${r.status}`)).toEqual(Array(3).fill("GET listTasks 200"));
  });

  it("turns a 422 into a ValidationError with fieldErrors", async () => {
    const grinfi = clientFor(mock);
    const missingName = await grinfi.lists.create({} as never).catch((error: unknown) => error);
    expect(missingName).toBeInstanceOf(ValidationError);
    expect((missingName as ValidationError).fieldErrors).toEqual({ name: ["The name field is required."] });

    const unknownField = await grinfi.contacts.search({ filter: { shoe_size: 44 } as never }).catch((error: unknown) => error);
    expect(unknownField).toBeInstanceOf(ValidationError);
    expect((unknownField as ValidationError).fieldErrors).toEqual({ "filter.shoe_size": [expect.stringMatching(/^Unknown filter field "shoe_size"/)] });
    expect((unknownField as ValidationError).status).toBe(422);
  });

  it("turns a blank key into an AuthenticationError", async () => {
    await expect(clientFor(mock, " ").user.getCurrent()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("retries a GET after a 503 and succeeds", async () => {
    await withFaults([{ operationId: "getContact", kind: "status", status: 503, times: 1 }], async (server) => {
      const contact = await clientFor(server).contacts.get({ uuid: AVERY });
      expect(contact.uuid).toBe(AVERY);
      expect(server.requests.map((r) => [r.method, r.status])).toEqual([["GET", 503], ["GET", 200]]);
    });
  });

  it("retries a GET after a reset connection and succeeds", async () => {
    await withFaults([{ operationId: "getContact", kind: "reset", times: 1 }], async (server) => {
      await expect(clientFor(server).contacts.get({ uuid: AVERY })).resolves.toMatchObject({ uuid: AVERY });
      expect(server.requests.map((r) => r.status)).toEqual([null, 200]);
    });
  });

  it("does not retry linkedinMessages.send after a 500: exactly one POST", async () => {
    await withFaults([{ operationId: "sendLinkedinMessage", kind: "status", status: 500 }], async (server) => {
      const sent = clientFor(server).linkedinMessages.send({ sender_profile_uuid: "2e8f4a6c-1b3d-4f5e-a7c9-8d0e2f4a6b15", lead_uuid: AVERY, text: "Hi Avery, thanks for connecting." });
      await expect(sent).rejects.toBeInstanceOf(ServerError);
      expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
      expect(server.requests).toHaveLength(1);
    });
  });

  it("reports a malformed 2xx body instead of returning garbage, and gives up after the retries on resets", async () => {
    await withFaults([{ operationId: "listTags", kind: "malformed-json" }, { operationId: "getTask", kind: "reset" }], async (server) => {
      const grinfi = clientFor(server);
      await expect(grinfi.tags.list()).rejects.toThrow(/not valid JSON/);
      await expect(grinfi.tasks.get({ uuid: AVERY })).rejects.toBeInstanceOf(ConnectionError);
      // The default policy: the first attempt and two retries.
      expect(server.requests.filter((r) => r.operationId === "getTask")).toHaveLength(3);
    });
  });
});
