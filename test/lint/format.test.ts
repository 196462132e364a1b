import { describe, expect, it } from "vitest";
import type { Finding } from "../../generator/src/errors.ts";
import { formatFindings, formatGithub, formatJson, formatPretty, formatSarif } from "../../generator/src/lint/format.ts";

const findings: Finding[] = [
  {
    rule: "grinfi/operation-id-camel-case",
    severity: "error",
    message: 'operationId "List_things" is not camelCase',
    location: { file: "spec/resources/things.yaml", line: 12, column: 7, pointer: "/paths/~1things/get/operationId" },
  },
  {
    rule: "no-ambiguous-paths",
    severity: "warning",
    message: "Paths should resolve unambiguously.",
    location: { file: "spec/openapi.yaml", line: 3, column: 1, pointer: "/paths/~1a" },
  },
  {
    rule: "grinfi/array-items",
    severity: "error",
    message: "array schema has no items",
    hint: "did you mean: items?",
    location: { file: "spec/resources/things.yaml", line: 4, column: 9, pointer: "/components/schemas/Thing/properties/tags/type" },
  },
  { rule: "struct", severity: "warning", message: "Something about the whole document." },
];

describe("pretty", () => {
  it("groups by file, sorts by line, and ends with totals", () => {
    expect(formatPretty(findings)).toBe(
      [
        "spec/resources/things.yaml",
        "  4:9   error    array schema has no items  grinfi/array-items",
        "                 at /components/schemas/Thing/properties/tags/type",
        "                 → did you mean: items?",
        "  12:7  error    operationId \"List_things\" is not camelCase  grinfi/operation-id-camel-case",
        "                 at /paths/~1things/get/operationId",
        "",
        "spec/openapi.yaml",
        "  3:1   warning  Paths should resolve unambiguously.  no-ambiguous-paths",
        "                 at /paths/~1a",
        "",
        "(no location)",
        "        warning  Something about the whole document.  struct",
        "",
        "✖ 4 problems (2 errors, 2 warnings)",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked", () => {
    expect(formatPretty(findings)).not.toContain("\u001b[");
    const coloured = formatPretty(findings, { color: true });
    expect(coloured).toContain("\u001b[31merror  \u001b[0m");
    expect(coloured).toContain("\u001b[33mwarning\u001b[0m");
    expect(coloured).toContain("\u001b[4mspec/openapi.yaml\u001b[0m");
  });

  it("says so when there is nothing to report", () => {
    expect(formatPretty([])).toBe("✔ no problems\n");
    expect(formatPretty([findings[1]!])).toMatch(/✖ 1 problem \(0 errors, 1 warning\)\n$/);
  });
});

describe("json", () => {
  it("is a stable array with every key present", () => {
    const rows = JSON.parse(formatJson(findings));
    expect(rows[0]).toEqual({
      rule: "grinfi/array-items",
      severity: "error",
      message: "array schema has no items",
      hint: "did you mean: items?",
      file: "spec/resources/things.yaml",
      line: 4,
      column: 9,
      pointer: "/components/schemas/Thing/properties/tags/type",
    });
    expect(rows.map((r: { rule: string }) => r.rule)).toEqual(["grinfi/array-items", "grinfi/operation-id-camel-case", "no-ambiguous-paths", "struct"]);
    expect(rows[3]).toMatchObject({ file: null, line: null, column: null, pointer: null, hint: null });
  });

  it("gives the same text for the same findings", () => {
    expect(formatJson(findings)).toBe(formatJson([...findings]));
    expect(formatJson([])).toBe("[]\n");
  });
});

describe("github", () => {
  it("writes one workflow command per finding", () => {
    expect(formatGithub(findings).split("\n")).toEqual([
      "::error file=spec/resources/things.yaml,line=4,col=9,title=grinfi/array-items::array schema has no items%0Adid you mean: items?",
      '::error file=spec/resources/things.yaml,line=12,col=7,title=grinfi/operation-id-camel-case::operationId "List_things" is not camelCase',
      "::warning file=spec/openapi.yaml,line=3,col=1,title=no-ambiguous-paths::Paths should resolve unambiguously.",
      "::warning title=struct::Something about the whole document.",
      "",
    ]);
  });

  it("escapes what workflow commands reserve", () => {
    const text = formatGithub([{ rule: "r", severity: "error", message: "100% sure\r\nreally", location: { file: "a,b:c.yaml", line: 1, column: 2, pointer: "" } }]);
    expect(text).toBe("::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=r::100%25 sure%0D%0Areally\n");
  });
});

describe("sarif", () => {
  it("is SARIF 2.1.0 with rules, results and relative physical locations", () => {
    const sarif = JSON.parse(formatSarif(findings, { version: "0.1.0" }));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe("grinfi-codegen lint");
    expect(run.tool.driver.version).toBe("0.1.0");
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["grinfi/array-items", "grinfi/operation-id-camel-case", "no-ambiguous-paths", "struct"]);
    expect(run.tool.driver.rules[0].shortDescription.text).toBe("Every array schema has items.");
    expect(run.tool.driver.rules[2].helpUri).toBe("https://redocly.com/docs/cli/rules/oas/no-ambiguous-paths");
    expect(run.results[0]).toEqual({
      ruleId: "grinfi/array-items",
      ruleIndex: 0,
      level: "error",
      message: { text: "array schema has no items (did you mean: items?)" },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: "spec/resources/things.yaml" }, region: { startLine: 4, startColumn: 9 } },
          logicalLocations: [{ fullyQualifiedName: "/components/schemas/Thing/properties/tags/type" }],
        },
      ],
    });
    expect(run.results[2].level).toBe("warning");
    expect(run.results[3].locations).toBeUndefined();
  });

  it("makes absolute paths relative to the base directory and encodes them as URIs", () => {
    const sarif = JSON.parse(formatSarif([{ rule: "r", severity: "error", message: "m", location: { file: "/repo/spec/my file.yaml", line: 1, column: 1, pointer: "" } }], { cwd: "/repo" }));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("spec/my%20file.yaml");
  });
});

describe("formatFindings", () => {
  it("dispatches on the format name", () => {
    expect(formatFindings(findings, "json")).toBe(formatJson(findings));
    expect(formatFindings(findings, "github")).toBe(formatGithub(findings));
    expect(formatFindings(findings, "pretty", { color: false })).toBe(formatPretty(findings));
    expect(JSON.parse(formatFindings(findings, "sarif")).version).toBe("2.1.0");
  });
});
