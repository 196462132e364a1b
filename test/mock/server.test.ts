import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startMockServer, type MockApi, type MockServer } from "../../generator/src/mock/index.ts";
import { AVERY, NOBODY, ROWAN, call, envelopeOf, fixtureApi } from "./helpers.ts";

/** The mock over real HTTP on 127.0.0.1: routing, auth, validation, rate limit, pagination and answers. */
let api: MockApi;
let mock: MockServer;

beforeAll(async () => {
  api = await fixtureApi();
  mock = await startMockServer({ api });
});
afterAll(() => mock.close());

const last = () => mock.requests[mock.requests.length - 1];

describe("routing", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
  });

  it("routes the ambiguous pair: a literal segment wins over a parameter", async () => {
    const history = await call(mock.url, "DELETE", `/flows/api/flows/leads/${AVERY}`);
    expect(history.status).toBe(204);
    expect(history.text).toBe("");
    expect(last()).toMatchObject({ method: "DELETE", operationId: "deleteContactAutomationHistory", status: 204 });

    const start = await call(mock.url, "PUT", `/flows/api/flows/${AVERY}/start`);
    expect(start.status).toBe(200);
    expect(last()?.operationId).toBe("startAutomation");

    // Same method and length: `mass-action` is the literal route, not a contact's uuid.
    const massAction = await call(mock.url, "PUT", "/leads/api/leads/mass-action", { body: { type: "contact_delete", filter: { ids: [AVERY] } } });
    expect(last()?.operationId).toBe("runContactMassAction");
    expect(massAction.status).toBe(200);
  });

  it("answers an unknown route with 404 in the error envelope", async () => {
    const reply = await call(mock.url, "GET", "/leads/api/nothing-here");
    expect(reply.status).toBe(404);
    expect(envelopeOf(reply)).toMatchObject({ error: { reason: "not_found", data: {} }, code: 404 });
    expect(last()).toMatchObject({ operationId: undefined, status: 404 });
  });

  it("names the methods a known path takes when the method is wrong", async () => {
    const reply = await call(mock.url, "PATCH", "/leads/api/tags");
    expect(reply.status).toBe(404);
    expect(envelopeOf(reply).error.message).toContain("GET, POST");
  });

  it("answers 404 when a path parameter cannot be a record's id", async () => {
    const reply = await call(mock.url, "GET", "/leads/api/leads/not-a-uuid");
    expect(reply.status).toBe(404);
    expect(envelopeOf(reply).error.reason).toBe("not_found");
  });
});

describe("auth", () => {
  it.each([
    ["no header", null, undefined],
    ["an empty bearer token", "", undefined],
    ["another scheme", null, { authorization: "Basic dXNlcjpwYXNz" }],
  ] as const)("answers 401 for %s", async (_, token, headers) => {
    const reply = await call(mock.url, "GET", "/id/api/users/current", { token, ...(headers && { headers }) });
    expect(reply.status).toBe(401);
    expect(envelopeOf(reply)).toEqual({ error: { reason: "auth_exception", message: "Unauthenticated.", data: {} }, message: "Unauthenticated.", code: 401 });
  });

  it("takes any bearer token and never logs it", async () => {
    const reply = await call(mock.url, "GET", "/id/api/users/current", { token: "secret-token-4711" });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(mock.requests)).not.toContain("secret-token-4711");
  });
});

describe("validation (422)", () => {
  it("checks a JSON body against the request schema and names each bad field", async () => {
    const reply = await call(mock.url, "POST", "/flows/api/linkedin-messages", { body: { sender_profile_uuid: "nope", text: 5 } });
    expect(reply.status).toBe(422);
    const envelope = envelopeOf(reply);
    expect(envelope.error.reason).toBe("validation_error");
    expect(envelope.message).toBe("The given data was invalid.");
    expect(envelope.error.data).toEqual({
      sender_profile_uuid: ["The sender_profile_uuid field must be a valid uuid."],
      lead_uuid: ["The lead_uuid field is required."],
      text: ["The text field must be a string."],
    });
  });

  it("reads a missing required body as no fields at all", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists");
    expect(reply.status).toBe(422);
    expect(envelopeOf(reply).error).toEqual({ reason: "validation_error", message: "The name field is required.", data: { name: ["The name field is required."] } });
  });

  it("refuses form-encoded bodies, like the API", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists", { body: "name=Prospects", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(reply.status).toBe(422);
    expect(Object.keys(envelopeOf(reply).error.data)).toEqual(["body"]);
  });

  it("refuses a body that is not JSON", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists", { body: "{name:", headers: { "content-type": "application/json" } });
    expect(reply.status).toBe(422);
    expect(envelopeOf(reply).error.data).toEqual({ body: ["The body is not valid JSON."] });
  });

  it("names an unknown filter field in a body filter", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/leads/search", { body: { filter: { email_status: "ok", favourite_colour: "blue" } } });
    expect(reply.status).toBe(422);
    const data = envelopeOf(reply).error.data;
    expect(Object.keys(data)).toEqual(["filter.favourite_colour"]);
    expect(data["filter.favourite_colour"]?.[0]).toMatch(/^Unknown filter field "favourite_colour"; this operation filters on: .*email_status/);
  });

  it("names an unknown filter field in filter[…] query parameters, and checks the known ones", async () => {
    const query = new URLSearchParams([["filter[status]", "closed"], ["filter[colour]", "blue"], ["filter[executed_at][>=]", "2026-07-01"], ["filter[type][]", "linkedin_send_message"]]);
    const reply = await call(mock.url, "GET", `/flows/api/tasks?${query}`);
    expect(reply.status).toBe(422);
    expect(envelopeOf(reply).error.data).toEqual({ "filter.colour": [expect.stringMatching(/^Unknown filter field "colour"; this operation filters on: flow_uuid, status, type, /)] });

    query.delete("filter[colour]");
    expect((await call(mock.url, "GET", `/flows/api/tasks?${query}`)).status).toBe(200);
  });

  it("names an unknown filter field in a JSON filter parameter, and requires the filter where the spec does", async () => {
    const unknown = await call(mock.url, "GET", `/leads/api/activities?filter=${encodeURIComponent('{"colour":"blue"}')}`);
    expect(unknown.status).toBe(422);
    expect(envelopeOf(unknown).error.data).toEqual({ "filter.colour": ['Unknown filter field "colour"; this operation filters on: type, lead_uuid, company_uuid, created_at.'] });

    const missing = await call(mock.url, "GET", "/leads/api/activities");
    expect(envelopeOf(missing).error.data).toEqual({ filter: ["The filter field is required."] });

    const fine = await call(mock.url, "GET", `/leads/api/activities?filter=${encodeURIComponent('{"type":"email_replied"}')}`);
    expect(fine.status).toBe(200);
  });

  it("checks required and typed query parameters", async () => {
    const missing = await call(mock.url, "GET", "/flows/api/tasks/schedule");
    expect(Object.keys(envelopeOf(missing).error.data).sort()).toEqual(["date", "sender_profile_uuid"]);
    const badLimit = await call(mock.url, "GET", "/flows/api/tasks?limit=many");
    expect(envelopeOf(badLimit).error.data).toEqual({ limit: ["The limit field must be an integer."] });
  });

  it("checks a discriminated body against the schema its type selects", async () => {
    const wrongType = await call(mock.url, "PUT", "/leads/api/leads/mass-action", { body: { type: "contact_teleport", filter: { ids: [AVERY] } } });
    expect(Object.keys(envelopeOf(wrongType).error.data)).toEqual(["type"]);
    const missingPayload = await call(mock.url, "PUT", "/leads/api/leads/mass-action", { body: { type: "contact_add_tags", filter: { ids: [AVERY] }, payload: {} } });
    expect(envelopeOf(missingPayload).error.data).toEqual({ "payload.tag_uuid": ["The payload.tag_uuid field is required."] });
  });
});

describe("limits and headers", () => {
  it("refuses a body over 1 MiB with 413, unread", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists", { body: { name: "x".repeat(1024 * 1024) } });
    expect(reply.status).toBe(413);
    expect(envelopeOf(reply).error.reason).toBe("bad_request");
  });

  it("numbers each answer with x-request-id and reports the rate-limit budget", async () => {
    const first = await call(mock.url, "GET", "/leads/api/tags", { token: "budget-key" });
    const second = await call(mock.url, "GET", "/leads/api/tags", { token: "budget-key" });
    expect(first.headers.get("x-request-id")).toMatch(/^mock-\d{6}$/);
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect([first, second].map((r) => [r.headers.get("x-ratelimit-limit"), r.headers.get("x-ratelimit-remaining")])).toEqual([["300", "299"], ["300", "298"]]);
  });
});

describe("answers", () => {
  it("prefers the recording of the exact path, then any 2xx recording of the operation", async () => {
    const avery = await call(mock.url, "GET", `/leads/api/leads/${AVERY}`);
    const rowan = await call(mock.url, "GET", `/leads/api/leads/${ROWAN}`);
    expect([avery.json, rowan.json]).toMatchObject([{ uuid: AVERY, first_name: "Avery" }, { uuid: ROWAN, first_name: "Rowan" }]);
    expect(last()?.answeredFrom).toMatch(/getContact[/\\]rowan\.json$/);

    const nobody = await call(mock.url, "GET", `/leads/api/leads/${NOBODY}`);
    expect(nobody.status).toBe(200);
    expect(last()?.answeredFrom).toMatch(/getContact[/\\](avery|rowan)\.json$/);
  });

  it("falls back on the spec's 2xx example, with the documented status", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists", { body: { name: "Prospects" } });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.json).toMatchObject({ name: expect.any(String), uuid: expect.any(String) });
    expect(last()?.answeredFrom).toBe("spec example");
  });
});

describe("pagination", () => {
  it("walks the pooled items of every recording page by page, limit and offset in the query", async () => {
    const seen: string[] = [];
    const envelopes: unknown[] = [];
    for (let offset = 0, round = 0; round < 10; round++) {
      const reply = await call(mock.url, "GET", `/flows/api/tasks?limit=2&offset=${offset}`);
      const page = reply.json as { data: { uuid: string }[]; limit: number; offset: number; total: number; has_more: boolean };
      envelopes.push({ limit: page.limit, offset: page.offset, total: page.total, has_more: page.has_more, count: page.data.length });
      seen.push(...page.data.map((task) => task.uuid));
      offset += page.data.length;
      if (!page.has_more) break;
    }
    expect(envelopes).toEqual([
      { limit: 2, offset: 0, total: 5, has_more: true, count: 2 },
      { limit: 2, offset: 2, total: 5, has_more: true, count: 2 },
      { limit: 2, offset: 4, total: 5, has_more: false, count: 1 },
    ]);
    // The two recordings overlap by one task; the pool holds it once.
    expect(new Set(seen).size).toBe(5);
  });

  it("uses 20 and 0 when limit and offset are omitted", async () => {
    const reply = await call(mock.url, "GET", "/flows/api/tasks");
    expect(reply.json).toMatchObject({ limit: 20, offset: 0, total: 5, has_more: false });
  });

  it("pages body-paginated searches by the body's limit and offset", async () => {
    const first = await call(mock.url, "POST", "/leads/api/leads/search", { body: { limit: 1, offset: 0 } });
    expect(first.json).toMatchObject({ limit: 1, offset: 0, total: 1, has_more: false });
    expect((first.json as { data: unknown[] }).data).toHaveLength(1);
    const beyond = await call(mock.url, "POST", "/leads/api/leads/search", { body: { limit: 1, offset: 1 } });
    expect(beyond.json).toMatchObject({ data: [], limit: 1, offset: 1, total: 1, has_more: false });
  });
});

describe("rate limit", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers 429 with Retry-After over the limit per key, and lets requests through once the window rolls on", async () => {
    // Only Date is faked: the sockets keep their real timers.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-07-01T10:00:00Z"));
    const limited = await startMockServer({ api, rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) {
        const ok = await call(limited.url, "GET", "/leads/api/tags", { token: "key-a" });
        expect(ok.status).toBe(200);
        expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(2 - i));
        vi.setSystemTime(Date.now() + 10_000);
      }
      const refused = await call(limited.url, "GET", "/leads/api/tags", { token: "key-a" });
      expect(refused.status).toBe(429);
      // The oldest request started 30 s ago, so a slot frees up in 30 s.
      expect(refused.headers.get("retry-after")).toBe("30");
      expect(envelopeOf(refused)).toEqual({ error: { reason: "too_many_requests", message: "Too Many Attempts.", data: {} }, message: "Too Many Attempts.", code: 429 });

      // Another key has its own budget.
      expect((await call(limited.url, "GET", "/leads/api/tags", { token: "key-b" })).status).toBe(200);

      vi.setSystemTime(Date.now() + 30_000);
      expect((await call(limited.url, "GET", "/leads/api/tags", { token: "key-a" })).status).toBe(200);
      expect((await call(limited.url, "GET", "/leads/api/tags", { token: "key-a" })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
