import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMAL_THINGS, repoRoot, runCli, writeSpecFixture } from "../helpers/spec-fixture.ts";

/** Each broken spec must fail with the file, the line and the JSON pointer of the defect, and write nothing. */
const cases: { name: string; files: Record<string, string>; file: string; line: number; pointer: string; text: RegExp }[] = [
  {
    name: "bad YAML",
    files: { "resources/things.yaml": MINIMAL_THINGS.replace("      summary: Get a thing", "      summary: [Get a thing") },
    file: "resources/things.yaml",
    line: 8,
    pointer: "/paths/~1things~1{uuid}/get/summary",
    text: /yaml-syntax/,
  },
  {
    name: "dangling $ref",
    files: { "resources/things.yaml": MINIMAL_THINGS.replace("#/components/schemas/Thing", "#/components/schemas/Thingy") },
    file: "resources/things.yaml",
    line: 18,
    pointer: "/paths/~1things~1{uuid}/get/responses/200/content/application~1json/schema/$ref",
    text: /does not resolve/,
  },
  {
    name: "duplicate operationId",
    files: {
      "resources/things.yaml": MINIMAL_THINGS.replace(
        "components:\n",
        `  /things:
    get:
      operationId: getThing
      x-method: list
      x-effects: [read]
      summary: List things
      description: Lists every thing.
      tags: [Things]
      responses:
        '200':
          description: The things.
components:
`,
      ),
    },
    file: "resources/things.yaml",
    line: 23,
    pointer: "/paths/~1things/get/operationId",
    text: /operationId "getThing" is already used at .*things\.yaml:4/,
  },
  {
    name: "undeclared path parameter",
    files: { "resources/things.yaml": MINIMAL_THINGS.replace("/things/{uuid}:", "/things/{uuid}/parts/{partId}:") },
    file: "resources/things.yaml",
    line: 3,
    pointer: "/paths/~1things~1{uuid}~1parts~1{partId}/get",
    text: /uses \{partId\} but the operation declares no path parameter "partId"/,
  },
  {
    name: "duplicate key",
    files: { "resources/things.yaml": MINIMAL_THINGS.replace("      summary: Get a thing\n", "      summary: Get a thing\n      summary: Again\n") },
    file: "resources/things.yaml",
    line: 8,
    pointer: "/paths/~1things~1{uuid}/get/summary",
    text: /Map keys must be unique/,
  },
];

describe.each(["bundle", "lint"])("grinfi-codegen %s on a broken spec", (command) => {
  it.each(cases)("$name: exits non-zero naming file, line and pointer, writes nothing", ({ files, file, line, pointer, text }) => {
    const dir = writeSpecFixture(files);
    const out = join(dir, "out", "openapi.yaml");
    const result = runCli([command, "--spec", dir, "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(text);
    // The CLI names files relative to its working directory (the repository root here).
    expect(result.stderr).toContain(`${relative(repoRoot, join(dir, file))}:${line}:`);
    expect(result.stderr).toContain(`(${pointer}`);
    expect(result.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace without --debug
    expect(existsSync(out)).toBe(false);
  });
});

describe("grinfi-codegen bundle on a valid spec", () => {
  it("writes the merged document", () => {
    const dir = writeSpecFixture();
    const out = join(dir, "out", "openapi.yaml");
    const result = runCli(["bundle", "--spec", dir, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe("a spec that is not valid OpenAPI 3.1 structure", () => {
  const files = { "resources/things.yaml": MINIMAL_THINGS.replace("      summary: Get a thing\n", "      summary: Get a thing\n      summaryy: typo\n") };
  const pointer = "/paths/~1things~1{uuid}/get/summaryy";

  it("fails bundle with file, line and pointer, writing nothing", () => {
    const dir = writeSpecFixture(files);
    const out = join(dir, "out", "openapi.yaml");
    const result = runCli(["bundle", "--spec", dir, "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${relative(repoRoot, join(dir, "resources/things.yaml"))}:8:`);
    expect(result.stderr).toContain(`(${pointer})`);
    expect(result.stderr).toMatch(/Property `summaryy` is not expected here/);
    expect(existsSync(out)).toBe(false);
  });

  it("fails lint with a finding at the source file, line and pointer (lint runs the structure rule itself)", () => {
    const result = runCli(["lint", "--spec", writeSpecFixture(files), "--format", "json"]);
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout) as { rule: string; file: string; line: number; pointer: string }[];
    const finding = findings.find((f) => f.rule === "struct");
    expect(finding).toMatchObject({ line: 8, pointer });
    expect(finding?.file).toMatch(/resources\/things\.yaml$/);
  });
});
