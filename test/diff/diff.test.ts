import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { compareVersions, semverBump, type Change, type SpecVersion } from "../../generator/src/diff/compare.ts";
import { formatMarkdown } from "../../generator/src/diff/report.ts";
import type { OpenApiDocument } from "../../generator/src/load/bundle.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel, readModel } from "../../generator/src/model/build.ts";
import { repoRoot, runCli } from "../helpers/spec-fixture.ts";

// Test documents are built and mutated freely, so they are loosely typed here (and only here).
type Json = Record<string, any>;

/** A small API: list things (query params, enum filter), create a thing (body), get one (path + answer). */
function baseSpec(): Json {
  return {
    openapi: "3.1.0",
    info: { title: "T", version: "1.0.0", description: "Things." },
    tags: [{ name: "Things", description: "Things." }],
    "x-tagGroups": [{ name: "Stuff", tags: ["Things"] }],
    paths: {
      "/things": {
        get: {
          operationId: "listThings", "x-method": "list", "x-effects": ["read"], tags: ["Things"], summary: "List", description: "Lists things.",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer" } },
            { name: "colour", in: "query", schema: { $ref: "#/components/schemas/Colour" } },
          ],
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Thing" } } } } } },
        },
        post: {
          operationId: "createThing", "x-method": "create", "x-effects": ["write"], tags: ["Things"], summary: "Create", description: "Creates a thing.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/NewThing" } } } },
          responses: { "201": { description: "created", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
        },
      },
      "/things/{uuid}": {
        get: {
          operationId: "getThing", "x-method": "get", "x-effects": ["read"], tags: ["Things"], summary: "Get", description: "Gets a thing.",
          parameters: [{ name: "uuid", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
        },
      },
    },
    components: {
      schemas: {
        Colour: { type: "string", enum: ["red", "green"] },
        NewThing: { type: "object", required: ["name"], properties: { name: { type: "string" }, colour: { $ref: "#/components/schemas/Colour" }, note: { type: "string" } } },
        Thing: {
          type: "object", required: ["uuid", "name"],
          properties: { uuid: { type: "string" }, name: { type: "string" }, colour: { $ref: "#/components/schemas/Colour" }, weight: { type: "number" } },
        },
      },
    },
  };
}

/** A test document and its model, which must read without findings. */
function version(document: Json): SpecVersion {
  const { model, findings } = readModel(document as OpenApiDocument);
  expect(findings).toEqual([]);
  return { document: document as OpenApiDocument, model };
}

function diff(change: (doc: Json) => void, base = baseSpec()): Change[] {
  const head = structuredClone(base);
  change(head);
  return compareVersions(version(base), version(head));
}

/** The base spec with Colour as an open set (DECISIONS D1). */
function openColourSpec(): Json {
  const spec = baseSpec();
  spec.components.schemas.Colour = { description: "Colours so far.", anyOf: [{ type: "string", enum: ["red", "green"] }, { type: "string" }] };
  return spec;
}

const only = (changes: Change[]) => changes.map((c) => `${c.severity}: ${c.message}`);

describe("diff rules", () => {
  it("a removed operation breaks callers and readers; an added one is minor", () => {
    expect(only(diff((d) => delete d.paths["/things/{uuid}"])) ).toEqual(["breaking: operation GET /things/{} (getThing) was removed"]);
    const added = diff((d) => (d.paths["/other"] = { get: { ...baseSpec().paths["/things/{uuid}"].get, operationId: "listOther", "x-method": "listOther", parameters: [] } }));
    expect(only(added)).toEqual(["addition: operation GET /other (listOther) was added"]);
    expect(semverBump(added)).toBe("minor");
  });

  it("a new required parameter or required body field breaks callers; optional ones are additions", () => {
    expect(only(diff((d) => d.paths["/things"].get.parameters.push({ name: "q", in: "query", required: true, schema: { type: "string" } })))).toEqual(["breaking: required query parameter q was added"]);
    expect(only(diff((d) => d.paths["/things"].get.parameters.push({ name: "q", in: "query", schema: { type: "string" } })))).toEqual(["addition: optional query parameter q was added"]);
    expect(only(diff((d) => d.components.schemas.NewThing.required.push("note")))).toEqual(["breaking: request body field note became required"]);
    expect(only(diff((d) => (d.components.schemas.NewThing.properties.size = { type: "integer" })))).toEqual(["addition: request body gained field size"]);
  });

  it("a narrowed request enum breaks callers; a new value is an addition", () => {
    const narrowed = diff((d) => (d.components.schemas.Colour.enum = ["red"]));
    expect(only(narrowed)).toContain('breaking: query parameter colour no longer accepts "green"');
    expect(only(narrowed)).toContain('breaking: request body field colour no longer accepts "green"');
    expect(only(narrowed)).toContain('breaking: response field colour no longer returns "green"');
    expect(only(diff((d) => d.components.schemas.Colour.enum.push("blue")))).toContain('addition: query parameter colour gained enum values "blue"');
  });

  it("open sets: a new value is an addition, a removed one breaks, closing the set breaks callers", () => {
    const added = diff((d) => d.components.schemas.Colour.anyOf[0].enum.push("blue"), openColourSpec());
    expect(only(added)).toContain('addition: query parameter colour gained enum values "blue"');
    expect(semverBump(added)).toBe("minor");

    const removed = diff((d) => (d.components.schemas.Colour.anyOf[0].enum = ["red"]), openColourSpec());
    expect(only(removed)).toContain('breaking: query parameter colour no longer accepts "green"');
    expect(only(removed)).toContain('breaking: response field colour no longer returns "green"');

    const closed = diff((d) => (d.components.schemas.Colour = { type: "string", enum: ["red", "green"] }), openColourSpec());
    expect(only(closed).sort()).toEqual([
      'breaking: query parameter colour is no longer an open set: only "red", "green"',
      'breaking: request body field colour is no longer an open set: only "red", "green"',
      'patch: response field colour is no longer an open set: only "red", "green"',
      'patch: response field colour is no longer an open set: only "red", "green"',
      'patch: response items field colour is no longer an open set: only "red", "green"',
    ]);

    const opened = diff((d) => (d.components.schemas.Colour = openColourSpec().components.schemas.Colour));
    expect(opened.map((c) => c.severity).sort()).toEqual(["addition", "addition", "patch", "patch", "patch"]);
    expect(semverBump(opened)).toBe("minor");
  });

  it("a plain string that becomes an open set breaks no caller; one that becomes a closed set does", () => {
    const base = baseSpec();
    base.paths["/things"].get.parameters[1].schema = { type: "string" };
    expect(diff((d) => (d.paths["/things"].get.parameters[1].schema = { $ref: "#/components/schemas/Colour" }), base).filter((c) => c.severity === "breaking")).toHaveLength(1);
    const toOpen = diff((d) => {
      d.components.schemas.Colour = openColourSpec().components.schemas.Colour;
      d.paths["/things"].get.parameters[1].schema = { $ref: "#/components/schemas/Colour" };
    }, base);
    expect(toOpen.filter((c) => c.severity === "breaking")).toEqual([]);
  });

  it("a removed response field, or one that may now be missing, breaks readers; a new one does not", () => {
    expect(only(diff((d) => delete d.components.schemas.Thing.properties.weight))).toContain("breaking: response field weight was removed");
    expect(only(diff((d) => (d.components.schemas.Thing.required = ["uuid"])))).toContain("breaking: response field name may now be missing");
    expect(only(diff((d) => (d.components.schemas.Thing.properties.height = { type: "number" })))).toContain("addition: response gained field height");
  });

  it("a type change breaks either side", () => {
    expect(only(diff((d) => (d.components.schemas.Thing.properties.weight = { type: "string" })))).toContain("breaking: response field weight changed type from number to string");
    expect(only(diff((d) => (d.paths["/things"].get.parameters[0].schema = { type: "string" })))).toEqual(["breaking: query parameter limit changed type from integer to string"]);
  });

  it("a union is read as the fields of its members: a field moving into the members is not removed", () => {
    // Thing becomes one of two kinds, both with every field it had: readers see the same fields.
    const split = diff((d) => {
      const { weight, ...common } = d.components.schemas.Thing.properties;
      d.components.schemas.Thing = {
        oneOf: [
          { type: "object", required: ["uuid", "name"], properties: { ...common, kind: { const: "light" } } },
          { type: "object", required: ["uuid", "name"], properties: { ...common, weight, kind: { const: "heavy" } } },
        ],
      };
    });
    expect(split.filter((c) => c.severity === "breaking")).toEqual([]);
    expect(only(split)).toContain("addition: response gained field kind");
    // A field no member has is removed; one that only some members require may now be missing.
    const narrowed = diff((d) => {
      d.components.schemas.Thing = {
        anyOf: [
          { type: "object", required: ["uuid", "name"], properties: { uuid: { type: "string" }, name: { type: "string" } } },
          { type: "object", required: ["uuid"], properties: { uuid: { type: "string" }, name: { type: "string" }, colour: { type: "string" } } },
        ],
      };
    });
    expect(only(narrowed)).toContain("breaking: response field weight was removed");
    expect(only(narrowed)).toContain("breaking: response field name may now be missing");
  });

  it("a body that may take either of two forms requires neither form's field", () => {
    const base = baseSpec();
    base.components.schemas.NewThing = { type: "object", required: ["names"], properties: { names: { type: "array", items: { type: "string" } } } };
    const either = diff((d) => {
      d.components.schemas.NewThing = {
        anyOf: [
          { type: "object", required: ["names"], properties: { names: { type: "array", items: { type: "string" } } } },
          { type: "object", required: ["filter"], properties: { filter: { type: "object" } } },
        ],
      };
    }, base);
    expect(only(either).sort()).toEqual(["addition: request body field names became optional", "addition: request body gained field filter"]);
  });

  it("a request value that may now also be a list is an addition; an answer that may be one breaks readers", () => {
    const widened = (d: Json) => (d.components.schemas.Thing.properties.weight = { anyOf: [{ type: "number" }, { type: "array", items: { type: "number" } }] });
    expect(only(diff(widened))).toContain("breaking: response field weight may now also be array");
    const request = diff((d) => (d.components.schemas.NewThing.properties.note = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }));
    expect(only(request)).toEqual(["addition: request body field note may now also be array"]);
  });

  it("renaming a path parameter is not a change; prose changes are patches", () => {
    expect(diff((d) => {
      const item = d.paths["/things/{uuid}"];
      item.get.parameters[0].name = "id";
      delete d.paths["/things/{uuid}"];
      d.paths["/things/{id}"] = item;
    })).toEqual([]);
    const prose = diff((d) => (d.paths["/things"].get.description = "Lists every thing."));
    expect(only(prose)).toEqual(["patch: description changed"]);
    expect(semverBump(prose)).toBe("patch");
  });

  it("groups the markdown report by resource with the bump first", () => {
    const markdown = formatMarkdown(diff((d) => delete d.components.schemas.Thing.properties.weight));
    expect(markdown.split("\n")[0]).toBe("## Spec changes: major release");
    expect(markdown).toContain("### Things");
    expect(markdown).toContain("**breaking** `listThings`: response items field weight was removed");
  });
});

describe("grinfi-codegen diff", () => {
  it("finds no change between the real spec and itself", async () => {
    const bundle = await loadSpec(join(repoRoot, "spec"));
    const same = { document: bundle.document, model: buildModel(bundle) };
    expect(compareVersions(same, structuredClone(same))).toEqual([]);
  });

  it("exits 1 on breaking changes unless --allow-breaking, and prints JSON with the bump", () => {
    const dir = mkdtempSync(join(tmpdir(), "grinfi-diff-"));
    const head = baseSpec();
    delete head.paths["/things/{uuid}"];
    writeFileSync(join(dir, "base.yaml"), stringify(baseSpec()));
    writeFileSync(join(dir, "head.yaml"), stringify(head));
    const failing = runCli(["diff", join(dir, "base.yaml"), join(dir, "head.yaml"), "--format", "json"]);
    expect(failing.status).toBe(1);
    expect(JSON.parse(failing.stdout)).toMatchObject({ bump: "major", changes: [{ severity: "breaking", subject: "getThing" }] });
    expect(runCli(["diff", join(dir, "base.yaml"), join(dir, "head.yaml"), "--allow-breaking"]).status).toBe(0);
  });

  it("reads a git ref as the base version", () => {
    const result = runCli(["diff", "HEAD", "spec"]);
    expect(result.stderr).toBe("");
    expect([0, 1]).toContain(result.status);
    expect(result.stdout).toMatch(/^## Spec changes: /);
  });
});
