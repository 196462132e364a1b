import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printSchemaTypes } from "../../generator/src/emit/openapi-typescript.ts";
import type { OpenApiDocument } from "../../generator/src/load/bundle.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * emit/openapi-typescript.ts imports openapi-typescript's own files, which may move or change in any release: these
 * tests fail, naming the cause, when an upgrade does that.
 */
describe("the openapi-typescript adapter", () => {
  it("runs against the exact openapi-typescript version package.json pins", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const pinned = manifest.devDependencies["openapi-typescript"];
    expect(pinned, "pin openapi-typescript exactly (no ^ or ~): the adapter imports its internal files").toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (createRequire(import.meta.url)("openapi-typescript/package.json") as { version: string }).version;
    expect(installed, "the installed openapi-typescript is not the pinned one: run npm ci").toBe(pinned);
  });

  it("prints paths, components and operations, with marked schemas as `T & {}`", () => {
    const document = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/things/{id}": {
          get: {
            operationId: "getThing",
            parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
            responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: "object",
            required: ["size"],
            properties: { size: { anyOf: [{ type: "string", enum: ["s", "l"] }, { type: "string", "x-other": true }] }, count: { type: "integer", default: 1 } },
          },
        },
      },
    } as unknown as OpenApiDocument;
    const text = printSchemaTypes(document, { otherValues: (schema) => (schema["x-other"] === true ? "string" : undefined) });
    expect(text).toContain('"/things/{id}": {');
    expect(text).toContain('getThing: {');
    expect(text).toContain(`size: ("s" | "l") | (string & {});`);
    // A default does not make the field required.
    expect(text).toMatch(/count\?: number;/);
  });
});
