import { beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { buildRoutes, matchRoute, type SpecRoute } from "../../generator/src/mock/routes.ts";
import { SPEC_DIR } from "./helpers.ts";

/** Routing over the whole spec, without HTTP. */
let routes: SpecRoute[];

beforeAll(async () => {
  routes = buildRoutes(buildModel(await loadSpec(SPEC_DIR, { openApiStructure: false })));
});

/** A value each path parameter's schema accepts: the spec's ids are UUIDs or positive integers. */
const sampleValue = (route: SpecRoute, name: string): string => {
  const schema = route.parameters.find((p) => p.in === "path" && p.name === name)?.schema as { type?: string } | undefined;
  return schema?.type === "integer" ? "42" : "0f3f6a4c-1b9a-4a51-9e0a-5f7b8c2d1e11";
};

describe("matchRoute", () => {
  it("routes a concrete path of every operation back to that operation", () => {
    expect(routes.length).toBeGreaterThan(100);
    const misrouted = routes.flatMap((route) => {
      const path = "/" + route.segments.map((s) => (typeof s === "string" ? s : sampleValue(route, s.param))).join("/");
      const match = matchRoute(routes, route.method, path);
      return "route" in match && match.route.operationId === route.operationId ? [] : [`${route.method} ${path} → ${"route" in match ? match.route.operationId : "none"}, not ${route.operationId}`];
    });
    expect(misrouted).toEqual([]);
  });

  it("prefers the literal segment, and passes decoded parameters", () => {
    const leads = matchRoute(routes, "DELETE", "/flows/api/flows/leads/abc%20def");
    expect("route" in leads && [leads.route.operationId, leads.pathParams]).toEqual(["deleteContactAutomationHistory", { leadUuid: "abc def" }]);
    const start = matchRoute(routes, "PUT", "/flows/api/flows/leads/start");
    expect("route" in start && [start.route.operationId, start.pathParams]).toEqual(["startAutomation", { flowUuid: "leads" }]);
  });

  it("ignores a trailing slash and lists the methods of a path taken with the wrong one", () => {
    const tags = matchRoute(routes, "GET", "/leads/api/tags/");
    expect("route" in tags && tags.route.operationId).toBe("listTags");
    expect(matchRoute(routes, "PATCH", "/leads/api/tags")).toEqual({ allowed: ["GET", "POST"] });
    expect(matchRoute(routes, "GET", "/leads/api/%E0%A4%A")).toEqual({ allowed: [] });
  });
});
