import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultPlan, parseFaultHeader } from "../../generator/src/mock/faults.ts";
import { startMockServer, type FaultRule, type MockApi, type MockServer } from "../../generator/src/mock/index.ts";
import { AVERY, call, envelopeOf, fixtureApi } from "./helpers.ts";

/** Fault injection: per route through `faults`, per request through the `x-mock-fault` header. */
let api: MockApi;
let mock: MockServer;

beforeAll(async () => {
  api = await fixtureApi();
  mock = await startMockServer({ api });
});
afterAll(() => mock.close());

const last = () => mock.requests[mock.requests.length - 1];
const withFault = (fault: string) => ({ headers: { "x-mock-fault": fault } });

describe("faults through the x-mock-fault header", () => {
  it("status: answers the status in the error envelope", async () => {
    const reply = await call(mock.url, "GET", "/leads/api/tags", withFault("status;status=503"));
    expect(reply.status).toBe(503);
    expect(envelopeOf(reply)).toMatchObject({ error: { reason: "internal", data: {} }, code: 503 });
    expect(last()).toMatchObject({ operationId: "listTags", status: 503, fault: "status" });
  });

  it("status defaults to 500", async () => {
    expect((await call(mock.url, "GET", "/leads/api/tags", withFault("status"))).status).toBe(500);
  });

  it("reset: destroys the connection without answering", async () => {
    await expect(call(mock.url, "GET", "/leads/api/tags", withFault("reset"))).rejects.toThrow(TypeError);
    expect(last()).toMatchObject({ method: "GET", operationId: "listTags", status: null, fault: "reset" });
  });

  it("malformed-json: the 2xx status with a JSON content type and a body that does not parse", async () => {
    const reply = await call(mock.url, "POST", "/leads/api/lists", { body: { name: "Prospects" }, ...withFault("malformed-json") });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  });

  it("html: a proxy's HTML error page, 502 unless told otherwise", async () => {
    const reply = await call(mock.url, "GET", "/leads/api/tags", withFault("html"));
    expect(reply.status).toBe(502);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    expect(reply.text).toContain("<html>");
    const timeout = await call(mock.url, "GET", "/leads/api/tags", withFault("html;status=504"));
    expect(timeout.status).toBe(504);
    expect(timeout.text).toContain("<title>504 Gateway Timeout</title>");
  });

  it("empty: the 2xx status with a JSON content type and no body", async () => {
    const reply = await call(mock.url, "GET", `/leads/api/leads/${AVERY}`, withFault("empty"));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.text).toBe("");
  });

  it("latency: holds the answer back", async () => {
    const slow = fetch(`${mock.url}/leads/api/tags`, { headers: { authorization: "Bearer t", "x-mock-fault": "latency;ms=60000" }, signal: AbortSignal.timeout(300) });
    await expect(slow).rejects.toThrow(/timeout|aborted/i);
    const quick = await call(mock.url, "GET", "/leads/api/tags", withFault("latency;ms=1"));
    expect(quick.status).toBe(200);
    expect(last()).toMatchObject({ status: 200, fault: "latency" });
  });

  it("answers 400 for a header it cannot read, saying why", async () => {
    for (const header of ["explode", "status;status=abc", "status;colour=red", "latency;ms=999999"]) {
      const reply = await call(mock.url, "GET", "/leads/api/tags", withFault(header));
      expect(reply.status, header).toBe(400);
      expect(envelopeOf(reply).error.reason).toBe("bad_request");
    }
  });

  it("parses kind, status and ms", () => {
    expect(parseFaultHeader("status; status=503; ms=200")).toEqual({ kind: "status", status: 503, ms: 200 });
    expect(parseFaultHeader("reset")).toEqual({ kind: "reset" });
    expect(parseFaultHeader("status;status=99")).toHaveProperty("problem");
  });
});

describe("faults configured per route", () => {
  const serverWith = (faults: FaultRule[]) => startMockServer({ api, faults });

  it("selects by operationId and stops after `times`", async () => {
    const faulty = await serverWith([{ operationId: "listTags", kind: "status", status: 503, times: 2 }]);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(faulty.url, "GET", "/leads/api/tags")).status);
      statuses.push((await call(faulty.url, "POST", "/leads/api/tags", { body: { name: "warm" } })).status);
      expect(statuses).toEqual([503, 503, 200, 201]);
      expect(faulty.requests.map((r) => r.fault)).toEqual(["status", "status", undefined, undefined]);
    } finally {
      await faulty.close();
    }
  });

  it("selects by method and path template, or by a concrete path", async () => {
    const faulty = await serverWith([
      { method: "get", path: "/leads/api/leads/{uuid}", kind: "html" },
      { path: "/flows/api/flows/leads/" + AVERY, kind: "empty", status: 500 },
    ]);
    try {
      expect((await call(faulty.url, "GET", `/leads/api/leads/${AVERY}`)).status).toBe(502);
      expect((await call(faulty.url, "PUT", `/leads/api/leads/${AVERY}`, { body: { first_name: "Avery" } })).status).toBe(200);
      const emptied = await call(faulty.url, "DELETE", `/flows/api/flows/leads/${AVERY}`);
      expect([emptied.status, emptied.text]).toEqual([500, ""]);
    } finally {
      await faulty.close();
    }
  });

  it("a header fault wins over a configured one", async () => {
    const faulty = await serverWith([{ kind: "status", status: 500 }]);
    try {
      expect((await call(faulty.url, "GET", "/leads/api/tags", withFault("status;status=504"))).status).toBe(504);
    } finally {
      await faulty.close();
    }
  });

  it("closing the server cancels answers still waiting on latency", async () => {
    const faulty = await serverWith([{ path: "/leads/api/tags", kind: "latency", ms: 60_000 }]);
    const pending = call(faulty.url, "GET", "/leads/api/tags");
    // Another request answered afterwards: by then the server has long taken the slow one in.
    expect((await call(faulty.url, "GET", "/leads/api/lists")).status).toBe(200);
    await faulty.close();
    await expect(pending).rejects.toThrow(TypeError);
    expect(faulty.requests.map((r) => r.path)).toEqual(["/leads/api/lists"]);
  });

  it("rejects bad rules when the server starts", async () => {
    await expect(serverWith([{ kind: "explode" as never }])).rejects.toThrow(/faults\[0\]: unknown fault kind/);
    await expect(serverWith([{ kind: "status", times: 0 }])).rejects.toThrow(/times 0/);
  });

  it("checks every rule the same way the header is checked", () => {
    expect(() => new FaultPlan([{ kind: "status", status: 1000 }])).toThrow(/not an HTTP status/);
  });
});
