import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { PackageExports } from "../../generator/src/emit/exports.ts";
import { SpecError } from "../../generator/src/errors.ts";
import { generateFiles } from "../../generator/src/generate.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { coreExportNames } from "../../generator/src/model/exports.ts";
import { RUNTIME_DIR } from "../../generator/src/paths.ts";
import { repoRoot, writeSpecFixture } from "../helpers/spec-fixture.ts";

const CORE_INDEX = readFileSync(join(RUNTIME_DIR, "index.ts"), "utf8");
const CORE = coreExportNames(CORE_INDEX);

/** The names an index file exports, as the TypeScript parser reads them: what coreExportNames must agree with. */
function exportedByParser(source: string): string[] {
  const file = ts.createSourceFile("index.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return file.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => element.name.text)
      : [],
  );
}

/** Things whose schemas are named like other exports of the package: the resource class, the core's Page, an operation's type. */
const CLASHING_THINGS = `paths:
  /things:
    get:
      operationId: getThing
      x-method: get
      x-effects: [read]
      summary: Get things
      description: Returns the things.
      tags: [Things]
      x-pagination: { in: query }
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        '200':
          description: A page of things.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Page' }
    post:
      operationId: makeThing
      x-method: make
      x-effects: [write]
      summary: Make a thing
      description: Makes a thing.
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/GetThingParams' }
      responses:
        '201':
          description: The thing.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Things' }
components:
  schemas:
    Page:
      description: A page of things.
      allOf:
        - type: object
          required: [data, limit, offset, total]
          properties:
            data: { type: array, items: {} }
            limit: { type: integer }
            offset: { type: integer }
            total: { type: integer }
        - type: object
          properties:
            data: { type: array, items: { $ref: '#/components/schemas/Things' } }
    Things:
      type: object
      description: A bunch of things.
      properties:
        count: { type: integer }
    GetThingParams:
      type: object
      description: What a new thing is made of.
      properties:
        name: { type: string }
`;

describe("names of the package's exports", () => {
  it("reads the core's exports from generator/runtime/index.ts", () => {
    expect(CORE).toEqual(expect.arrayContaining(["APIError", "FilterBuilder", "Page", "RetryPolicy", "Transport", "paginate"]));
    expect(CORE).toEqual(exportedByParser(CORE_INDEX));
    const source = '// Re-exports.\nexport { a, b as c, type D } from "./x.js";\n/* more */ export {\n  e,\n  type F,\n} from "./y.js";\nexport type { G } from "./z.js";\n';
    expect(coreExportNames(source)).toEqual(["a", "c", "D", "e", "F", "G"]);
    expect(coreExportNames(source)).toEqual(exportedByParser(source));
    expect(() => coreExportNames('export * from "./x.js";')).toThrow(/export \{ … \} \/ export type \{ … \} from/);
    expect(() => coreExportNames('export { a } from "./x.js";\nexport const e = 1;')).toThrow(/not: export const e = 1/);
  });

  it("give a model type its schema's name, or <Name>Model when another export has it", async () => {
    const model = buildModel(await loadSpec(writeSpecFixture({ "resources/things.yaml": CLASHING_THINGS }), { openApiStructure: false }));
    const names = new PackageExports(model);
    expect(Object.fromEntries(names.models.map(({ schema, typeName }) => [schema.name, typeName]))).toEqual({
      GetThingParams: "GetThingParamsModel", // the params type of getThing
      Page: "PageModel", // the core's Page
      Things: "ThingsModel", // the resource class
    });
    expect(names.pageItemType("Page")).toBe("ThingsModel");
  });

  it("refuse a spec that would export one name twice in a way no suffix resolves", async () => {
    const things = CLASHING_THINGS.replace("components:\n  schemas:\n", "components:\n  schemas:\n    Things:\n      type: string\n      enum: [a]\n")
      .replace(/ {4}Things:\n {6}type: object\n {6}description: A bunch of things.\n {6}properties:\n {8}count: \{ type: integer \}\n/, "");
    const bundle = await loadSpec(writeSpecFixture({ "resources/things.yaml": things }), { openApiStructure: false });
    let refused: unknown;
    try {
      buildModel(bundle);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(SpecError);
    const [finding] = (refused as SpecError).findings;
    expect(finding).toMatchObject({
      rule: "sdk-names",
      message: '"Things" would be exported twice by the SDK: as the enum Things and as the resource class of Things',
      location: { pointer: "/x-tagGroups/0/tags/0" },
    });
    expect(finding?.location?.file).toMatch(/openapi\.yaml$/);
  });

  it("the package generated for clashing names type-checks and exports every model type", async () => {
    const files = await generateFiles({ specDir: writeSpecFixture({ "resources/things.yaml": CLASHING_THINGS }), packageName: "@example/things" });
    const dir = mkdtempSync(join(tmpdir(), "grinfi-exports-"));
    for (const [path, contents] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "src", "use.ts"), [
      'import type { GetThingParamsModel, Page, PageModel, ThingsModel } from "./index.js";',
      'import { Things } from "./index.js";',
      "declare const things: Things;",
      "export const page: Promise<PageModel> = things.get();",
      "export const items = page.then((p) => p.data.map((thing: ThingsModel) => thing.count));",
      "export type Used = [GetThingParamsModel, Page<ThingsModel>];",
    ].join("\n"));
    const tsc = spawnSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
