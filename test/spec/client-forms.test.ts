import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMockApi, startMockServer, type MockServer } from "../../generator/src/mock/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { call } from "../mock/helpers.ts";

/**
 * Request forms a working public client sends to the live API (issue 11). The spec accepts them as evidence
 * weaker than the reference (spec/README.md, "Evidence"), so the mock, which validates every request against
 * the bundle, must answer them; forms nobody has seen stay refused.
 */
let mock: MockServer;

beforeAll(async () => {
  const api = await loadMockApi({ specDir: join(repoRoot, "spec"), recordingsDir: join(repoRoot, "spec", "recordings") });
  mock = await startMockServer({ api, port: 0 });
});
afterAll(() => mock.close());

const TASK = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";

describe("request forms observed in a public client", () => {
  it.each([
    ["`!=` with a list (NOT IN)", { group_field: "type", filter: { type: { "!=": ["util_timer", "trigger_message_replied"] } } }],
    ["`=` with a list (IN)", { group_field: "status", filter: { status: { "=": ["failed", "skipped"] } } }],
    ["group_field day", { group_field: "day" }],
    ["group_field automation_error_code", { group_field: "automation_error_code", filter: { status: "failed" } }],
  ])("counts tasks by group with %s", async (_, body) => {
    const reply = await call(mock.url, "POST", "/flows/api/tasks/group-counts", { body });
    expect(reply.status, reply.text).toBe(200);
  });

  it.each([
    ["mass-retry", "/flows/api/tasks/mass-retry"],
    ["mass-skip", "/flows/api/tasks/mass-skip"],
  ])("takes a filter instead of uuids on %s, and uuids still", async (_, path) => {
    expect((await call(mock.url, "PUT", path, { body: { filter: { status: "failed", type: { "!=": ["util_timer"] } } } })).status).toBe(200);
    expect((await call(mock.url, "PUT", path, { body: { uuids: [TASK] } })).status).toBe(200);
  });

  it.each([
    ["an empty selection", "PUT", "/flows/api/tasks/mass-retry", {}],
    ["a filter field tasks do not have", "PUT", "/flows/api/tasks/mass-skip", { filter: { colour: "red" } }],
    ["an empty list for `!=`", "POST", "/flows/api/tasks/group-counts", { group_field: "type", filter: { type: { "!=": [] } } }],
    ["a list for an order operator", "POST", "/flows/api/tasks/group-counts", { group_field: "type", filter: { executed_at: { ">=": ["2026-01-01"] } } }],
    ["a grouping nobody has seen", "POST", "/flows/api/tasks/group-counts", { group_field: "week" }],
  ])("still refuses %s with 422", async (_, method, path, body) => {
    expect((await call(mock.url, method, path, { body })).status).toBe(422);
  });
});
